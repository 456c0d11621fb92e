import type { Rule } from '../types.js';

// Credentials written into HTTP requests: headers in code and curl command lines.

export const httpAuthRules: Rule[] = [
  {
    id: 'http-basic-auth-header',
    description: 'HTTP Basic authorization header with encoded credentials',
    severity: 'high',
    provider: 'generic',
    generic: true,
    keywords: ['basic'],
    regex: /authorization["'`]?\s{0,3}[:=,]\s{0,3}["'`]?basic\s{1,3}([A-Za-z0-9+/]{8,400}={0,2})(?![A-Za-z0-9+/=])/i,
    entropy: 3,
    truePositives: [
      'req.Header.Set("Authorization", "Basic ZGVwbG95OlRxOHZaM21MeDJSazk=")',
      'Authorization: Basic cmVwb3J0ZXI6OWtMcVd6NHhWbTI=',
    ],
    falsePositives: ['Authorization: Basic ${BASIC_AUTH}', 'Authorization: Basic <credentials>', 'authorization: basic auth is disabled'],
  },
  {
    id: 'http-bearer-token',
    description: 'Bearer token written into an HTTP authorization header',
    severity: 'high',
    provider: 'generic',
    generic: true,
    keywords: ['bearer'],
    regex: /authorization["'`]?\s{0,3}[:=,]\s{0,3}["'`]?bearer\s{1,3}([A-Za-z0-9._~+/-]{20,1000}=*)(?![A-Za-z0-9._~+/=-])/i,
    entropy: 3.5,
    truePositives: [
      'const headers = { Authorization: `Bearer Wm2W2rPAXjPr-Ng6KKxUibiPCeEkHG0f5vL0MfNk` };',
      'curl -H "Authorization: Bearer 8f3KqL2vZx9mR4tW7pN1cH6sD0fJ5yUa" https://api.internal',
    ],
    falsePositives: [
      'headers = { "Authorization": "Bearer " + token }',
      'Authorization: Bearer ${ACCESS_TOKEN}',
      'Authorization: Bearer <access-token-goes-here>',
    ],
  },
  {
    id: 'curl-user-password',
    description: 'Password passed to curl with -u/--user',
    severity: 'high',
    provider: 'generic',
    generic: true,
    keywords: ['curl'],
    regex: /\bcurl\b[^\n]{0,300}?\s(?:-u|--user)[\s=]{1,3}["']?([^\s:"'$]{1,64}):([^\s"']{4,128})["']?/,
    secretGroup: 2,
    entropy: 2.5,
    allowlist: [/^\$|^(?:password|passwd|pass|secret|token|changeme)$/i],
    truePositives: [
      "curl -u 'deploy:*Q=SW*HNI!_WSTW27MjR' https://nexus.acme.internal/service/rest/v1/status",
      'curl -sS --user admin:Vq3xL9mZ2kR7 https://registry.local/v2/_catalog',
    ],
    falsePositives: ['curl -u "$USER:$PASSWORD" https://example.com', 'curl -u admin:password http://localhost:8080', 'curl -u user: https://x'],
  },
];
