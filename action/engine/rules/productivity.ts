import type { Rule } from '../types.js';

export const productivityRules: Rule[] = [];
