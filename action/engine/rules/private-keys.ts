import type { Rule } from '../types.js';

export const privateKeyRules: Rule[] = [];
