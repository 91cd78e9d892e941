import { Rule } from '../types';
import { cronjobStartingDeadline } from './cronjobStartingDeadline';
import { jobRestartPolicy } from './jobRestartPolicy';
import { jobTtl } from './jobTtl';

export const batchRules: Rule[] = [jobRestartPolicy, jobTtl, cronjobStartingDeadline];
