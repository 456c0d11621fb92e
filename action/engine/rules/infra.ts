import type { Rule } from '../types.js';

export const infraRules: Rule[] = [];
