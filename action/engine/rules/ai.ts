import type { Rule } from '../types.js';

export const aiRules: Rule[] = [];
