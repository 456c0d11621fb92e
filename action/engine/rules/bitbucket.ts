import type { Rule } from '../types.js';

export const bitbucketRules: Rule[] = [];
