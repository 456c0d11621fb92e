import type { Rule } from '../types.js';

export const jwtRules: Rule[] = [];
