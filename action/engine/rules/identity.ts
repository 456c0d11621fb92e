import type { Rule } from '../types.js';

// Identity providers and auth services. Their secrets administer users, mint sessions or
// sign in as anyone, so most are critical. Few have a prefix of their own (Clerk's `sk_live_`
// is shared with Stripe), so these rules need the provider's name beside the value.

// How a provider-named setting meets its value: `=`, `:`, `=>`, `:=`, a call `f("name", "value")`,
// a typed declaration `name: string = "value"`, or .NET's `key="name" value="value"`.
const ASSIGN =
  '[\\w.-]{0,20}(?:["\'`]?\\]?\\s{0,5}(?:[:=>]{1,3}|\\(\\s{0,3}|:\\s{0,3}[A-Za-z_][\\w<>.|]{0,30}\\s{0,3}=)|["\'`]\\s{0,3},|["\'`]\\s{1,5}value\\s{0,3}=)\\s{0,5}["\'`]?';

export const identityRules: Rule[] = [
  {
    // API tokens are `00` + 40 characters, sent as `Authorization: SSWS <token>`.
    id: 'okta-api-token',
    description: 'Okta API token',
    severity: 'critical',
    provider: 'okta',
    keywords: ['okta', 'ssws'],
    regex: new RegExp(`(?<![a-z0-9])(?:okta[\\w.-]{0,30}?(?:token|key|secret)${ASSIGN}|SSWS\\s+)(00[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])`, 'i'),
    entropy: 3.5,
    truePositives: ['OKTA_API_TOKEN=00VREwwxoQL2Z6_x_cOKp9A2ZAsud2qFOrkEm5XCZk', 'curl -H "Authorization: SSWS 00hX_5p5yQYlnucHzYvWz91uZgpr-Lq5PZiWDAXKOq" https://dev-123.okta.com/api/v1/users'],
    falsePositives: ['OKTA_API_TOKEN=${OKTA_API_TOKEN}', 'OKTA_API_TOKEN=00IFC_7iuHb9osh72_aGMn', 'Authorization: SSWS {{apiKey}}'],
  },
  {
    // OIDC app client secrets: 40 or 64 URL-safe characters.
    id: 'okta-client-secret',
    description: 'Okta OIDC client secret',
    severity: 'high',
    provider: 'okta',
    keywords: ['okta'],
    regex: new RegExp(`(?<![a-z0-9])okta[\\w.-]{0,30}?client[_.-]?secret${ASSIGN}([A-Za-z0-9_-]{40}|[A-Za-z0-9_-]{64})(?![A-Za-z0-9_-])`, 'i'),
    entropy: 3.5,
    truePositives: ['OKTA_CLIENT_SECRET=gqVzlZrvrNn7e-rcuU3CliwSzX_gwqQhrAcV3V1A', "  oktaClientSecret: 'Gxj4YSrimV_HjR9S-CfPFGX5Q0Y6ztIJGf44uvwbe8WYSli7GD8kY7p9lNXYYK_G',"],
    falsePositives: ['OKTA_CLIENT_SECRET=<client secret>', 'OKTA_CLIENT_ID=0oalOHzIxNHnoUmAI21J'],
  },
  {
    id: 'auth0-client-secret',
    description: 'Auth0 application client secret',
    severity: 'critical',
    provider: 'auth0',
    keywords: ['auth0'],
    regex: new RegExp(`(?<![a-z0-9])auth0[\\w.-]{0,30}?secret${ASSIGN}([A-Za-z0-9_-]{64})(?![A-Za-z0-9_-])`, 'i'),
    entropy: 3.5,
    truePositives: ['AUTH0_CLIENT_SECRET=CraqJza121pdD3QvzrtYmwk-BZVeWe481AQcZ-N7uccsFdLKFcLEJHINM5ehD6zK', "  auth0_secret: 'iARXKIStni08tRyWZFQLLmTbKOCMjWpRSGIJDYkJRTk77kg4ZYXduIJHgeLbGVE4'", 'private auth0ClientSecret: string = "JRBwGm4qb8_VbvS_QABJy5tt-iOha0KEfT_7B8T2AKkn892Blmo_wSsp03O0tjPd";'],
    falsePositives: ['AUTH0_CLIENT_SECRET=${AUTH0_CLIENT_SECRET}', 'AUTH0_CLIENT_ID=cnheHKvFWgrwwocbiP0IUmYW2oAqHN1Q'],
  },
  {
    // Clerk secret keys look like Stripe's (sk_live_/sk_test_); the name tells them apart.
    id: 'clerk-secret-key',
    description: 'Clerk secret key',
    severity: 'critical',
    provider: 'clerk',
    keywords: ['clerk'],
    regex: new RegExp(`(?<![a-z0-9])clerk[\\w.-]{0,30}?(?:secret|key)${ASSIGN}(sk_(?:live|test)_[A-Za-z0-9]{30,60})(?![A-Za-z0-9])`, 'i'),
    entropy: 3.5,
    truePositives: ['CLERK_SECRET_KEY=sk_live_jA28qC5FrQMzTjtuDCVeFLxY63tRs1Xnzg0sTJnFMe', "  clerkSecretKey: 'sk_test_hO2Yz5fnOnCS33QJQZCfd9qSmAuh9VfAthyDbwJwNy',"],
    falsePositives: ['CLERK_SECRET_KEY=sk_test_...', 'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=pk_test_P04oaCni4JTJvq7K6PuEmtbNRljl6rSZejgV7PvABu'],
  },
  {
    id: 'stytch-secret',
    description: 'Stytch project secret',
    severity: 'critical',
    provider: 'stytch',
    keywords: ['stytch'],
    regex: new RegExp(`(?<![a-z0-9])stytch[\\w.-]{0,30}?(?:secret|key)${ASSIGN}(secret-(?:live|test)-[A-Za-z0-9_=-]{30,50})(?![A-Za-z0-9_=-])`, 'i'),
    entropy: 3.5,
    truePositives: ['STYTCH_SECRET=secret-live-ezMoFQSpRAQcYpnUglSPg3FL9EKSA9rvEtTD', "  stytch_secret: 'secret-test-QHCKA02A_6_gE9z6z4VmzXZHn9hbxG7lzmsN='"],
    falsePositives: ['STYTCH_SECRET=secret-live-...', 'STYTCH_PROJECT_ID=project-live-1739fda9-561a-70db-ae43-3d1ef0423743'],
  },
  {
    id: 'workos-api-key',
    description: 'WorkOS API key',
    severity: 'critical',
    provider: 'workos',
    keywords: ['workos'],
    regex: new RegExp(`(?<![a-z0-9])workos[\\w.-]{0,30}?(?:key|secret|token)${ASSIGN}(sk_[A-Za-z0-9_]{20,100})(?![A-Za-z0-9_])`, 'i'),
    entropy: 3.5,
    truePositives: ['WORKOS_API_KEY=sk_78gOOIqem7dIO5qNIgIE7CJ1YCs5bbPLp8OoGc5HnaLPvweESR7k0AMHf0gc', "  workosApiKey: 'sk_test_Y73ACMfEuhFvKEJsrjYPVAKmbYNOQmXiACLfpP7O',"],
    falsePositives: ['WORKOS_API_KEY=sk_example_123456789', 'WORKOS_CLIENT_ID=client_4MDH4R26TBOJXG2P9IG44CZ2QR'],
  },
  {
    id: 'keycloak-client-secret',
    description: 'Keycloak client secret',
    severity: 'high',
    provider: 'keycloak',
    keywords: ['keycloak'],
    regex: new RegExp(`(?<![a-z0-9])keycloak[\\w.-]{0,30}?secret${ASSIGN}([A-Za-z0-9]{32})(?![A-Za-z0-9])`, 'i'),
    entropy: 3.5,
    truePositives: ['KEYCLOAK_CLIENT_SECRET=lERwQ5anfr4gHnAKfMJzkStzgJBM8p5n', "  keycloak_secret: 'GLoZYxoBsG1Mpz6wBB8CLNrbbietMgf5'"],
    falsePositives: ['KEYCLOAK_CLIENT_SECRET=**********', 'KEYCLOAK_CLIENT_SECRET=ASQliuWrVGvKamj9ToYT'],
  },
  {
    // Duo Admin/Auth API secret keys ("skey") are 40 characters; integration keys start DI.
    id: 'duo-secret-key',
    description: 'Duo Security API secret key',
    severity: 'critical',
    provider: 'duo',
    keywords: ['duo'],
    regex: new RegExp(`(?<![a-z0-9])duo[\\w.-]{0,30}?(?:skey|secret)${ASSIGN}([A-Za-z0-9]{40})(?![A-Za-z0-9])`, 'i'),
    entropy: 3.5,
    truePositives: ['DUO_SECRET_KEY=OzVUOdmRQ86YeOSPUPs1JsGJJDfpNoRRQpV8vVEP', '  duo_skey: "BuJaNsnYyqUAZebDDUbnIhUJoHFvKRfEj9IJZFff"'],
    falsePositives: ['DUO_SECRET_KEY=${DUO_SECRET_KEY}', 'DUO_INTEGRATION_KEY=DI0WQCCYDDC1HBNWLM4J'],
  },
  {
    id: 'onelogin-client-secret',
    description: 'OneLogin API client secret',
    severity: 'critical',
    provider: 'onelogin',
    keywords: ['onelogin'],
    regex: new RegExp(`(?<![a-z0-9])onelogin[\\w.-]{0,30}?secret${ASSIGN}([a-f0-9]{64})(?![a-z0-9])`, 'i'),
    entropy: 3,
    truePositives: ['ONELOGIN_CLIENT_SECRET=bfb237f0404ee0dd801e74a3d7662eb46864587a22064b8c67789cc9cdf427a4', "  onelogin_client_secret: 'fcbaf2865b0de263d23a706723723a876c1a678c4181b42cfb5656096f3f6775'"],
    falsePositives: ['ONELOGIN_CLIENT_SECRET=<secret>', 'ONELOGIN_CLIENT_ID=20b30e7889510182ac8c4d3374a534cdc5053b6908a55bed90cf9a2c63ad86bf'],
  },
  {
    id: 'jumpcloud-api-key',
    description: 'JumpCloud API key',
    severity: 'critical',
    provider: 'jumpcloud',
    keywords: ['jumpcloud'],
    regex: new RegExp(`(?<![a-z0-9])jumpcloud[\\w.-]{0,30}?(?:key|token|secret)${ASSIGN}([a-f0-9]{40})(?![a-z0-9])`, 'i'),
    entropy: 3,
    truePositives: ['JUMPCLOUD_API_KEY=758656963427dffaf39a9649abe50506ce74d293', "  jumpcloud_api_key: 'eb61e32b100c6bfc1d21e074cf6e8e68a4e99bd9'"],
    falsePositives: ['JUMPCLOUD_API_KEY=${JUMPCLOUD_API_KEY}', 'JUMPCLOUD_ORG_ID=8dd130d8dfca8f67564dd40d'],
  },
];
