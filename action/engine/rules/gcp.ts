import type { Rule } from '../types.js';

export const gcpRules: Rule[] = [];
