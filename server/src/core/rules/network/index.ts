import { Rule } from '../types';

export const networkRules: Rule[] = [];
