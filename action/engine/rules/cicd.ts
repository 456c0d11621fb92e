import type { Rule } from '../types.js';

export const cicdRules: Rule[] = [];
