import { Rule } from '../types';
import { clusterAdminBinding } from './clusterAdminBinding';
import { rbacPodExec } from './rbacPodExec';
import { rbacSecretsAccess } from './rbacSecretsAccess';
import { rbacWildcard } from './rbacWildcard';

export const rbacRules: Rule[] = [rbacWildcard, clusterAdminBinding, rbacSecretsAccess, rbacPodExec];
