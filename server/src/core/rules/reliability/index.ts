import { Rule } from '../types';
import { cronjobStartingDeadline } from './cronjobStartingDeadline';
import { duplicateEnv } from './duplicateEnv';
import { hpaMinReplicas } from './hpaMinReplicas';
import { identicalProbes } from './identicalProbes';
import { jobRestartPolicy } from './jobRestartPolicy';
import { jobTtl } from './jobTtl';
import { missingCpuLimit } from './missingCpuLimit';
import { missingMemoryLimit } from './missingMemoryLimit';
import { missingResourceRequests } from './missingResourceRequests';
import { noAntiAffinity } from './noAntiAffinity';
import { noLatestTag } from './noLatestTag';
import { probePortNotExposed } from './probePortNotExposed';
import { missingLivenessProbe, missingReadinessProbe } from './probes';
import { pullPolicyWithLatest } from './pullPolicyWithLatest';
import { secretInEnv } from './secretInEnv';
import { selectorMismatch } from './selectorMismatch';
import { singleReplica } from './singleReplica';

/**
 * Reliability, resources, images and batch rules, in documentation order. Requests come before
 * the memory limit: Harden Manifest applies fixes in this order, and the limit's fix looks at the
 * request.
 */
export const reliabilityRules: Rule[] = [
  noLatestTag,
  pullPolicyWithLatest,
  missingLivenessProbe,
  missingReadinessProbe,
  probePortNotExposed,
  identicalProbes,
  missingResourceRequests,
  missingMemoryLimit,
  missingCpuLimit,
  selectorMismatch,
  duplicateEnv,
  secretInEnv,
  singleReplica,
  noAntiAffinity,
  hpaMinReplicas,
  jobRestartPolicy,
  jobTtl,
  cronjobStartingDeadline,
];
