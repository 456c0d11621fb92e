import type { Rule } from '../types.js';

export const databaseUriRules: Rule[] = [];
