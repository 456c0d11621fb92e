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
  {
    id: 'flagsmith-server-key',
    description: 'Flagsmith server-side environment key',
    severity: 'high',
    provider: 'flagsmith',
    keywords: ['ser.'],
    // Server-side environment keys are `ser.` and 22 characters; client-side keys (no prefix)
    // are public.
    regex: /(?<![\w.])(ser\.[A-Za-z0-9]{22})(?![\w.-])/,
    entropy: 3.5,
    truePositives: ['FLAGSMITH_SERVER_KEY=ser.7kQzL2mVx9Rt4WpN8cHy3J', 'flagsmith = Flagsmith(environment_key="ser.Zp4Xk8mQ2vLr7Tn9Wc3yBh")'],
    falsePositives: ['FLAGSMITH_SERVER_KEY=ser.xxxxxxxxxxxxxxxxxxxxxx', 'self.user.name = user.abcdefghijklmnopqrstuv', 'parser.parseArgumentsFromTheCommandLine'],
  },
];
