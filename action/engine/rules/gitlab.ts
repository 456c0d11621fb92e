import type { Rule } from '../types.js';

export const gitlabRules: Rule[] = [];
