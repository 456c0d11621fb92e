import type { Rule } from '../types.js';

export const paymentRules: Rule[] = [];
