import { Rule } from '../types';
import { clusterAdminBinding } from './clusterAdminBinding';
import { rbacCreatePods } from './rbacCreatePods';
import { rbacPodExec } from './rbacPodExec';
import { rbacPrivilegeEscalation } from './rbacPrivilegeEscalation';
import { rbacSecretsAccess } from './rbacSecretsAccess';
import { rbacWildcard } from './rbacWildcard';

export const rbacRules: Rule[] = [rbacWildcard, clusterAdminBinding, rbacSecretsAccess, rbacPodExec, rbacPrivilegeEscalation, rbacCreatePods];
