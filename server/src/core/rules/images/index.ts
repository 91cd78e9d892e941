import { Rule } from '../types';
import { noLatestTag } from './noLatestTag';
import { pullPolicyWithLatest } from './pullPolicyWithLatest';

export const imageRules: Rule[] = [noLatestTag, pullPolicyWithLatest];
