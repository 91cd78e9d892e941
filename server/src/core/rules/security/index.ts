import { Rule } from '../types';
import { allowPrivilegeEscalation } from './allowPrivilegeEscalation';
import { runAsNonRoot } from './runAsNonRoot';

export const securityRules: Rule[] = [runAsNonRoot, allowPrivilegeEscalation];
