import { Rule } from '../types';
import { ingressWithoutTls } from './ingressWithoutTls';
import { networkPolicyNoPolicyTypes } from './networkPolicyPolicyTypes';
import { nodePortService } from './nodePortService';
import { rbacRules } from './rbac';
import { sshPort } from './sshPort';

/** Network rules, then RBAC rules (category `rbac`), which live here too. */
export const networkRules: Rule[] = [sshPort, nodePortService, ingressWithoutTls, networkPolicyNoPolicyTypes, ...rbacRules];
