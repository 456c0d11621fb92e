import type { Rule } from '../types.js';

export const registryRules: Rule[] = [];
