import type { Rule } from '../types.js';

export const azureRules: Rule[] = [];
