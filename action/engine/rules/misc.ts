import type { Rule } from '../types.js';

export const miscRules: Rule[] = [];
