import { Rule } from '../types';
import { allowPrivilegeEscalation } from './allowPrivilegeEscalation';
import { apparmorUnconfined } from './apparmorUnconfined';
import { dangerousCapabilities } from './dangerousCapabilities';
import { defaultNamespace } from './defaultNamespace';
import { deprecatedAnnotation } from './deprecatedAnnotation';
import { dropAllCapabilities } from './dropAllCapabilities';
import { hostIpc, hostNetwork, hostPid } from './hostNamespaces';
import { hostPathVolume } from './hostPathVolume';
import { hostPort } from './hostPort';
import { lowUserGroupId } from './lowUserGroupId';
import { missingSeccompProfile } from './missingSeccompProfile';
import { privilegedContainer } from './privilegedContainer';
import { readOnlyRootFilesystem } from './readOnlyRootFilesystem';
import { restrictedVolumeTypes } from './restrictedVolumeTypes';
import { runAsNonRoot } from './runAsNonRoot';
import { runAsRootGroup } from './runAsRootGroup';
import { runAsRootUser } from './runAsRootUser';
import { seccompUnconfined } from './seccompUnconfined';
import { secretAsEnvVar } from './secretAsEnvVar';
import { secretInConfigMap } from './secretInConfigMap';
import { selinuxCustomOptions } from './selinuxCustomOptions';
import { automountServiceAccountToken, defaultServiceAccount, deprecatedServiceAccountField } from './serviceAccounts';
import { unmaskedProcMount } from './unmaskedProcMount';
import { unsafeSysctls } from './unsafeSysctls';
import { windowsHostProcess } from './windowsHostProcess';

/** Security rules in documentation order: baseline Pod Security Standard, restricted, then the others. */
export const securityRules: Rule[] = [
  // Baseline
  privilegedContainer,
  hostNetwork,
  hostPid,
  hostIpc,
  hostPort,
  hostPathVolume,
  dangerousCapabilities,
  seccompUnconfined,
  unmaskedProcMount,
  unsafeSysctls,
  apparmorUnconfined,
  selinuxCustomOptions,
  windowsHostProcess,
  // Restricted
  runAsNonRoot,
  runAsRootUser,
  allowPrivilegeEscalation,
  dropAllCapabilities,
  missingSeccompProfile,
  restrictedVolumeTypes,
  // Beyond the Pod Security Standards
  runAsRootGroup,
  readOnlyRootFilesystem,
  automountServiceAccountToken,
  defaultServiceAccount,
  deprecatedServiceAccountField,
  deprecatedAnnotation,
  secretInConfigMap,
  secretAsEnvVar,
  lowUserGroupId,
  defaultNamespace,
];
