import { Rule } from '../types';
import { noLatestTag } from './noLatestTag';
import { missingLivenessProbe, missingReadinessProbe } from './probes';

export const reliabilityRules: Rule[] = [noLatestTag, missingLivenessProbe, missingReadinessProbe];
