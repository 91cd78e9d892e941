import { Rule } from '../types';
import { istioConsecutiveErrors } from './consecutiveErrors';

export const istioRules: Rule[] = [istioConsecutiveErrors];
