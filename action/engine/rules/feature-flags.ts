import type { Rule } from '../types.js';

export const featureFlagRules: Rule[] = [
  {
    id: 'launchdarkly-sdk-key',
    description: 'LaunchDarkly server-side SDK key',
    severity: 'high',
    provider: 'launchdarkly',
    keywords: ['sdk-'],
    // Server SDK keys are `sdk-` and a UUID; mobile (`mob-`) and client-side IDs are public.
    regex: /\b(sdk-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/,
    entropy: 3,
    truePositives: ['LD_SDK_KEY: sdk-7ad9904a-d527-4755-bcb3-05cbcf9f82ff', 'final String ldKey = "sdk-0cbaeb24-1a5f-4a61-be17-344c949ff0e7";'],
    falsePositives: ['LD_MOBILE_KEY: mob-7ad9904a-d527-4755-bcb3-05cbcf9f82ff', 'sdk-00000000-0000-0000-0000-000000000000'],
  },
];
