import { Rule } from '../types';
import { noLatestTag } from './noLatestTag';
import { pullPolicyNotAlways } from './pullPolicyNotAlways';
import { pullPolicyWithLatest } from './pullPolicyWithLatest';

export const imageRules: Rule[] = [noLatestTag, pullPolicyWithLatest, pullPolicyNotAlways];
