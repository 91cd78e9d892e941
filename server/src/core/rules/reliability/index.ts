import { Rule } from '../types';
import { duplicateEnv } from './duplicateEnv';
import { hpaFixedReplicas } from './hpaFixedReplicas';
import { hpaMinReplicas } from './hpaMinReplicas';
import { hpaStatefulSetScaleDown } from './hpaStatefulSetScaleDown';
import { hpaWithoutMetrics } from './hpaWithoutMetrics';
import { identicalProbes } from './identicalProbes';
import { missingPriorityClass } from './missingPriorityClass';
import { noAntiAffinity } from './noAntiAffinity';
import { pdbUnhealthyPodEvictionPolicy } from './pdbUnhealthyPodEvictionPolicy';
import { pdbWithoutBudget } from './pdbWithoutBudget';
import { probePortNotExposed } from './probePortNotExposed';
import { recommendedLabels } from './recommendedLabels';
import { rolloutAllAtOnce } from './rolloutAllAtOnce';
import { missingLivenessProbe, missingReadinessProbe } from './probes';
import { secretInEnv } from './secretInEnv';
import { singleReplica } from './singleReplica';
import { topologySpreadWithoutSelector } from './topologySpreadWithoutSelector';

/** Reliability rules, in documentation order. */
export const reliabilityRules: Rule[] = [
  missingLivenessProbe,
  missingReadinessProbe,
  probePortNotExposed,
  identicalProbes,
  duplicateEnv,
  secretInEnv,
  singleReplica,
  noAntiAffinity,
  topologySpreadWithoutSelector,
  rolloutAllAtOnce,
  hpaMinReplicas,
  hpaFixedReplicas,
  hpaWithoutMetrics,
  hpaStatefulSetScaleDown,
  pdbWithoutBudget,
  pdbUnhealthyPodEvictionPolicy,
  missingPriorityClass,
  recommendedLabels,
];
