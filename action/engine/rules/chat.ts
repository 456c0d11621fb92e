import type { Rule } from '../types.js';

export const chatRules: Rule[] = [];
