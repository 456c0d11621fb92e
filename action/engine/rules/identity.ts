import type { Rule } from '../types.js';

export const identityRules: Rule[] = [];
