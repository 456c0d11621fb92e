import type { Rule } from '../types.js';

// Credentials written into HTTP requests: authorization headers and query strings.

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
    regex: /authorization["'`]?\s{0,3}[:=,]\s{0,3}["'`]?bearer\s{1,3}([A-Za-z0-9._~+/-]{20,1000}={0,8})(?![A-Za-z0-9._~+/=-])/i,
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
    id: 'url-query-secret',
    description: 'API key or token in a URL query string',
    severity: 'high',
    provider: 'generic',
    generic: true,
    keywords: ['key=', 'token=', 'secret=', 'password=', 'apikey='],
    regex: /[?&](?:api[_-]?key|apikey|key|token|access[_-]?token|auth[_-]?token|secret|client[_-]?secret|password)=([A-Za-z0-9_.~%-]{16,300})(?![A-Za-z0-9_.~%-])/i,
    entropy: 3.5,
    // Lower-case words with percent escapes are text (`?key=value%23still-query`).
    allowlist: [/^(?:[a-z]+|%[0-9a-fA-F]{2}|[-_.])+$/],
    truePositives: [
      'FEED="https://api.partner.net/v2/items?api_key=OqBY6kvZxbOKCtk7N2eKFzLjZvbV6hDLE7K"',
      "fetch(`https://maps.vendor.io/v1/geo?lang=en&token=TZhQXjLD846dUU2HLOcXxarU71qCheJ4k6v`)",
    ],
    falsePositives: [
      'https://api.partner.net/items?api_key=${API_KEY}',
      'https://example.com/?key=value&page=2',
      'https://x.io/a?token=abcdefghijklmnopqrstu',
      "'x:/resource?key=value%23still-query#first%23still-fragment'",
    ],
  },
  {
    // The `Token` scheme (Django REST framework, GitHub's older form) and `Api-Token` (Dynatrace).
    id: 'http-token-auth-header',
    description: 'Token written into an HTTP authorization header (Token / Api-Token scheme)',
    severity: 'high',
    provider: 'generic',
    generic: true,
    keywords: ['authorization'],
    regex: /authorization["'`]?\s{0,3}[:=,]\s{0,3}["'`]?(?:api-)?token\s{1,3}([A-Za-z0-9._~+/-]{16,500}={0,2})(?![A-Za-z0-9._~+/=-])/i,
    entropy: 3,
    truePositives: [
      'curl -H "Authorization: Token 9f1c4e7a2b8d3f6a0c5e9b1d7f3a8c2e4b6d0f9a" https://api.example.test/v1/me',
      "headers = {'Authorization': 'Api-Token k7Pq2Zx9Lm4Vb8Nr3Tw6Hy1Cj5Df0Gs2'}",
    ],
    falsePositives: ["headers = {'Authorization': 'Token ' + token}", 'Authorization: Token <your-api-token>', 'Authorization: Token ${API_TOKEN}'],
  },
];
