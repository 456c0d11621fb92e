import type { Rule } from '../types.js';

export const hostingRules: Rule[] = [];
