import { Rule } from '../types';

export const istioRules: Rule[] = [];
