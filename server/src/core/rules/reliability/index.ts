import { Rule } from '../types';
import { duplicateEnv } from './duplicateEnv';
import { hpaMinReplicas } from './hpaMinReplicas';
import { identicalProbes } from './identicalProbes';
import { noAntiAffinity } from './noAntiAffinity';
import { probePortNotExposed } from './probePortNotExposed';
import { missingLivenessProbe, missingReadinessProbe } from './probes';
import { secretInEnv } from './secretInEnv';
import { singleReplica } from './singleReplica';

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
  hpaMinReplicas,
];
