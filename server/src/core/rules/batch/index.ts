import { Rule } from '../types';
import { cronjobStartingDeadline } from './cronjobStartingDeadline';
import { jobTtl } from './jobTtl';

export const batchRules: Rule[] = [jobTtl, cronjobStartingDeadline];
