import type { Rule } from '../types.js';

// Payment providers. Live keys move money or read card and bank data, so they are critical;
// test-mode keys are reported at low severity because they still belong in a secret store.
// Formats from the providers' API-key documentation (Stripe, Square, Shopify, Braintree), cross-
// checked against the gitleaks rules for the same providers.

// Clerk and WorkOS secret keys share Stripe's sk_live_/sk_test_ prefixes; their own rules report
// them when the line names the product.
const NOT_STRIPE_LINE = /(?:clerk|workos)[\w.-]{0,30}?(?:secret|key)/i;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

// How a provider-named setting meets its value: `=`, `:`, `=>`, `:=`, a call `f("name", "value")`,
// a typed declaration `name: string = "value"`, or .NET's `key="name" value="value"`.
const ASSIGN =
  '[\\w.-]{0,20}(?:["\'`]?\\]?\\s{0,5}(?:[:=>]{1,3}|\\(\\s{0,3}|:\\s{0,3}[A-Za-z_][\\w<>.|]{0,30}\\s{0,3}=)|["\'`]\\s{0,3},|["\'`]\\s{1,5}value\\s{0,3}=)\\s{0,5}["\'`]?';

export const paymentRules: Rule[] = [
  {
    id: 'stripe-live-secret-key',
    description: 'Stripe live secret key',
    severity: 'critical',
    provider: 'stripe',
    keywords: ['sk_live_'],
    regex: /\b(sk_live_[A-Za-z0-9]{24,247})(?![A-Za-z0-9])/,
    entropy: 3,
    allowLine: [NOT_STRIPE_LINE],
    truePositives: [
      'STRIPE_SECRET_KEY=sk_live_WDmUwIhEgG3wGfi1eUP2APLH',
      "const stripe = require('stripe')('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');",
    ],
    falsePositives: [
      'CLERK_SECRET_KEY=sk_live_1gp5TLYsK6RUiqyMEJYZMeXUJDw0JSlp2JyJEttX5L', // Clerk's, reported by clerk-secret-key
      'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx',
      'STRIPE_SECRET_KEY=sk_live_YsBOA1eAjxivALp0', // too short
      'Live keys start with sk_live_ and must stay on the server.',
    ],
  },
  {
    id: 'stripe-live-restricted-key',
    description: 'Stripe live restricted key',
    severity: 'critical',
    provider: 'stripe',
    keywords: ['rk_live_'],
    regex: /\b(rk_live_[A-Za-z0-9]{24,247})(?![A-Za-z0-9])/,
    entropy: 3,
    truePositives: ['STRIPE_RESTRICTED_KEY=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', '  stripe_key: "rk_live_sHYJ0FQS7rVYttvBJCIWM85Q"'],
    falsePositives: ['STRIPE_RESTRICTED_KEY=rk_live_...', 'STRIPE_RESTRICTED_KEY=rk_live_EXAMPLEKEY1234567890abcdef'],
  },
  {
    id: 'stripe-test-secret-key',
    description: 'Stripe test-mode secret or restricted key',
    severity: 'low',
    provider: 'stripe',
    keywords: ['sk_test_', 'rk_test_'],
    regex: /\b([sr]k_test_[A-Za-z0-9]{24,247})(?![A-Za-z0-9])/,
    entropy: 3,
    allowLine: [NOT_STRIPE_LINE],
    truePositives: ['STRIPE_SECRET_KEY=sk_test_51o2jFqh5ZDCjmX6NYi5Cqae8tiKGsBUlR8Opf8pyR5mIRjkMjE92qcuI0VumYPlVDaz2B4FqXFltFvmxf562DYb7LzkpYQCEyC', "Stripe.api_key = 'rk_test_7mlCo32TC4OnHHWBpUd2Jo1p'"],
    falsePositives: [
      'STRIPE_SECRET_KEY=sk_test_your_key_here',
      'STRIPE_PUBLISHABLE_KEY=pk_test_deLvnt4PhZ10JUltRLkxnNN7',
      'CLERK_SECRET_KEY=sk_test_s6RG90uaIIVFMQcvASOuxEZi2Ers1f0GVyICwIatWF', // Clerk's, reported by clerk-secret-key
    ],
  },
  {
    // Svix, which signs webhooks for several providers, uses the same `whsec_` prefix.
    id: 'stripe-webhook-secret',
    description: 'Stripe (or Svix) webhook signing secret',
    severity: 'high',
    provider: 'stripe',
    keywords: ['whsec_'],
    regex: /\b(whsec_[A-Za-z0-9+/]{32,88}={0,2})(?![A-Za-z0-9+/=])/,
    entropy: 3.5,
    truePositives: ['STRIPE_WEBHOOK_SECRET=whsec_nHtcFTwPwYcJQAlxOtK6Q7raulG2Qr7G', "  webhookSecret: 'whsec_NRSt+UrIGtAqaNz7UvayxmrFzrg0LIq/fI1DyyRmaGR='"],
    falsePositives: ['STRIPE_WEBHOOK_SECRET=whsec_...', 'STRIPE_WEBHOOK_SECRET=whsec_cSHKhxOqBqxvtBFDHqyI'],
  },
  {
    // 64 characters starting with EAAA; Facebook tokens share the prefix but are longer.
    id: 'square-access-token',
    description: 'Square access token',
    severity: 'critical',
    provider: 'square',
    keywords: ['eaaa'],
    regex: /\b(EAAA[A-Za-z0-9_-]{60})(?![A-Za-z0-9_-])/,
    entropy: 3.5,
    truePositives: ['SQUARE_ACCESS_TOKEN=EAAA4C1zuoOFygQl0k5gtXDonFMDAeDUx2NeOBf9EFN_gqCDpf7fBtpdFtbUJ7j8', "  accessToken: 'EAAAEmrl9La1IGh60OU4b8iMeNHUz8iUE3_H8pQHyFxs5V6H9mdFJ5Xax3gpvtr9',"],
    falsePositives: [
      'SQUARE_ACCESS_TOKEN=EAAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'FB_TOKEN=EAAAawsFTBa83pfeoWkg3a738RC1FvZsywTtI5isCvyuN1ajxm52tQAFKTGbdEPczIMSZLzW8Pw4Jif8Kul7PziS6vunDhmIXjUh9655H6575ItPOCHBV4tG43qXibIRBFNfNV7i7Bytb2V54tDD5wNnSP', // longer than any Square token
    ],
  },
  {
    id: 'square-legacy-access-token',
    description: 'Square legacy OAuth access token',
    severity: 'critical',
    provider: 'square',
    keywords: ['sq0atp-'],
    regex: /\b(sq0atp-[A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])/,
    entropy: 3.2,
    truePositives: ['SQUARE_TOKEN=sq0atp-XIt6sRmsdvsVC6w0wnvQqm', '"access_token": "sq0atp-ST-YATVjCZmBd6GkRc2HsB"'],
    falsePositives: ['SQUARE_TOKEN=sq0atp-XXXXXXXXXXXXXXXXXXXXXX', 'SQUARE_TOKEN=sq0atp-Z6Hi2JAIRgSF'],
  },
  {
    id: 'square-oauth-secret',
    description: 'Square application secret',
    severity: 'critical',
    provider: 'square',
    keywords: ['sq0csp-'],
    regex: /\b(sq0csp-[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    entropy: 3.5,
    truePositives: ['SQUARE_APP_SECRET=sq0csp-2B8dICK8kIiQXhxy8GtFJUADuqzFkwB0p7LqNFnX3RW', "  client_secret: 'sq0csp-a0mJ5oCGDMwy2-gvIlcHhI3JJsDVcigiQKYJ5atwEnS'"],
    falsePositives: ['SQUARE_APP_SECRET=sq0csp-your-application-secret-goes-here-ok', 'SQUARE_APP_SECRET=sq0csp-78E--derS-bgUTNZLm_Q_XKJxWsvHc'],
  },
  {
    id: 'braintree-access-token',
    description: 'Braintree / PayPal production access token',
    severity: 'critical',
    provider: 'braintree',
    keywords: ['access_token$production$'],
    regex: /\b(access_token\$production\$[a-z0-9]{16}\$[a-f0-9]{32})(?![a-f0-9])/,
    entropy: 3,
    truePositives: [
      'BRAINTREE_ACCESS_TOKEN=access_token$production$wn8zlbqgfo87gbab$c8260bd08e2882c35a2970aad5aecfa2',
      "gateway = braintree.BraintreeGateway(access_token='access_token$production$txfq15wncyma7vax$f24276794d23546b500f4785babc9865')",
    ],
    falsePositives: [
      'BRAINTREE_ACCESS_TOKEN=access_token$production$xxxxxxxxxxxxxxxx$xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'BRAINTREE_ACCESS_TOKEN=access_token$sandbox$e4mgf9kx8wbxl69z$8a33871d601fbfc45bdbf9f5f1afb329',
    ],
  },
  {
    id: 'braintree-sandbox-access-token',
    description: 'Braintree / PayPal sandbox access token',
    severity: 'low',
    provider: 'braintree',
    keywords: ['access_token$sandbox$'],
    regex: /\b(access_token\$sandbox\$[a-z0-9]{16}\$[a-f0-9]{32})(?![a-f0-9])/,
    entropy: 3,
    truePositives: [
      'BRAINTREE_ACCESS_TOKEN=access_token$sandbox$abp3rahzejwsxvry$0bc265f0884866fec33bb61b7d9c5236',
      '"token": "access_token$sandbox$v4uqjctge1l7sgnf$a29e57bbebe17a23a4cd13236de7b12a"',
    ],
    falsePositives: [
      'BRAINTREE_ACCESS_TOKEN=access_token$sandbox$70yfikc1w20sy95f$037bdaafcce097f05364',
      'BRAINTREE_ACCESS_TOKEN=access_token$sandbox$<merchant_id>$<token>',
    ],
  },
  {
    id: 'braintree-private-key',
    description: 'Braintree API private key',
    severity: 'critical',
    provider: 'braintree',
    keywords: ['braintree'],
    regex: new RegExp(String.raw`(?<![a-z0-9])braintree[\w.-]{0,30}?private[_.-]?key${ASSIGN}([a-f0-9]{32})(?![a-z0-9])`, 'i'),
    entropy: 3,
    truePositives: ['BRAINTREE_PRIVATE_KEY=a401e19e53d420fbad905b2955f64f5e', '  braintree_private_key: "63a92d7f3dee2daa90aab50644f6605f"'],
    falsePositives: ['BRAINTREE_PRIVATE_KEY=use_your_private_key', 'BRAINTREE_PUBLIC_KEY=31d79a186c3af4426624d408e5c1ae31'],
  },
  {
    // REST app secrets are 80 URL-safe characters.
    id: 'paypal-client-secret',
    description: 'PayPal REST API client secret',
    severity: 'critical',
    provider: 'paypal',
    keywords: ['paypal'],
    regex: new RegExp(String.raw`(?<![a-z0-9])paypal[\w.-]{0,30}?secret${ASSIGN}([A-Za-z0-9_-]{80})(?![A-Za-z0-9_-])`, 'i'),
    entropy: 3.5,
    truePositives: ['PAYPAL_CLIENT_SECRET=EngU9NGjGPRv6XND_X_b2MytOJ8fT9i1HUNh3_R_L6z1NxmkMprxdd0sN24iOxCzJQfRPMGoaqMF76qP', '  paypalSecret: "EAE1aX3mvQGnKGBFxPmAIK478YUn7vf7gr5ecDjzs-gKlDBVQkmeYonTY3zsIwigOCd6ZJN3svaZmg9b",'],
    falsePositives: ['PAYPAL_CLIENT_SECRET=${PAYPAL_CLIENT_SECRET}', 'PAYPAL_CLIENT_ID=AbfLillHwmpa6Pxj3-HJlhDOIwCDBfhK795OtJXdUrx38jnyn9frIvqAPPa8SMEbX7KvsibwgdaecVet'],
  },
  {
    id: 'shopify-access-token',
    description: 'Shopify Admin API access token',
    severity: 'critical',
    provider: 'shopify',
    keywords: ['shpat_'],
    regex: /\b(shpat_[a-fA-F0-9]{32})(?![A-Za-z0-9])/,
    entropy: 3,
    truePositives: ['SHOPIFY_ACCESS_TOKEN=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', "  'X-Shopify-Access-Token': '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',"],
    falsePositives: ['SHOPIFY_ACCESS_TOKEN=shpat_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'SHOPIFY_ACCESS_TOKEN=shpat_ef681684f8b23eb610042aad'],
  },
  {
    id: 'shopify-custom-app-token',
    description: 'Shopify custom app access token',
    severity: 'critical',
    provider: 'shopify',
    keywords: ['shpca_'],
    regex: /\b(shpca_[a-fA-F0-9]{32})(?![A-Za-z0-9])/,
    entropy: 3,
    truePositives: ['SHOPIFY_TOKEN=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', '"access_token": "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"'],
    falsePositives: ['SHOPIFY_TOKEN=shpca_00000000000000000000000000000000', 'SHOPIFY_TOKEN=shpca_f05e68baac7e470f6a2dba0c58058f6'],
  },
  {
    id: 'shopify-private-app-token',
    description: 'Shopify private app access token',
    severity: 'critical',
    provider: 'shopify',
    keywords: ['shppa_'],
    regex: /\b(shppa_[a-fA-F0-9]{32})(?![A-Za-z0-9])/,
    entropy: 3,
    truePositives: ['SHOPIFY_PASSWORD=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', "shop_url = f'https://key: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@shop.myshopify.com'"],
    falsePositives: ['SHOPIFY_PASSWORD=shppa_<password>', 'SHOPIFY_PASSWORD=shppa_9ab77bdb18b48c43'],
  },
  {
    id: 'shopify-shared-secret',
    description: 'Shopify app shared secret',
    severity: 'high',
    provider: 'shopify',
    keywords: ['shpss_'],
    regex: /\b(shpss_[a-fA-F0-9]{32})(?![A-Za-z0-9])/,
    entropy: 3,
    truePositives: ['SHOPIFY_API_SECRET=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', '  api_secret_key: "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"'],
    falsePositives: ['SHOPIFY_API_SECRET=shpss_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'SHOPIFY_API_SECRET=shpss_31ce6fb7'],
  },
  {
    // API keys start with AQE and run to a few hundred characters; the prefix alone also
    // starts base64 lines in certificates, so the Adyen name must be there too.
    id: 'adyen-api-key',
    description: 'Adyen API key',
    severity: 'critical',
    provider: 'adyen',
    keywords: ['adyen'],
    regex: new RegExp(String.raw`(?<![a-z0-9])adyen[\w.-]{0,30}?(?:key|token|secret)${ASSIGN}(AQE[A-Za-z0-9+/=._-]{60,300})`, 'i'),
    entropy: 3.5,
    truePositives: [
      'ADYEN_API_KEY=AQEyhmfxgO2fjgHLcSLq30hLDV9bv7xKiyCi5MnYv80qb4yI/750E/JkmLKxicDsN1cCJYPjT8cRMzdf6T6uFGo9uPAG2Dn6XF9=-PNGwXXbjX6YCQBTdb5wMX9qa/BpG0UjWtcUdCFtG',
      '  adyenApiKey: "AQE5WBrx.k7fdsm4S7l_5Qmtuv55HpUV3VkbXkLLeh7cP-qC-AzO0uYinJD3gEpXWR_zdkqL0",',
    ],
    falsePositives: ['ADYEN_API_KEY=AQE_YOUR_API_KEY', 'ADYEN_MERCHANT_ACCOUNT=CompanyECOM'],
  },
  {
    // The key id is public-ish, but a live id next to code usually means the secret is near.
    id: 'razorpay-live-key-id',
    description: 'Razorpay live key id',
    severity: 'medium',
    provider: 'razorpay',
    keywords: ['rzp_live_'],
    regex: /\b(rzp_live_[A-Za-z0-9]{14})(?![A-Za-z0-9])/,
    entropy: 3,
    truePositives: ['RAZORPAY_KEY_ID=rzp_live_2r5OpIydjWoeCJ', "  key: 'rzp_live_nwDMdEKp7FMvLw',"],
    falsePositives: ['RAZORPAY_KEY_ID=rzp_test_D99iDL8ZRHAjkp', 'RAZORPAY_KEY_ID=rzp_live_XXXXXXXXXXXXXX'],
  },
  {
    id: 'razorpay-key-secret',
    description: 'Razorpay key secret',
    severity: 'critical',
    provider: 'razorpay',
    keywords: ['razorpay'],
    regex: new RegExp(String.raw`(?<![a-z0-9])razorpay[\w.-]{0,30}?secret${ASSIGN}([A-Za-z0-9]{24})(?![A-Za-z0-9])`, 'i'),
    entropy: 3.5,
    truePositives: ['RAZORPAY_KEY_SECRET=DtXtGRbMi1Hpw9Vhiv1idNBe', "  razorpaySecret: 'dXenKDg7kRY2ctYGV5qeRVS0',"],
    falsePositives: ['RAZORPAY_KEY_SECRET=your_razorpay_secret', 'RAZORPAY_KEY_SECRET=b3dNgknoa7xVIE2m'],
  },
  {
    // Legacy API secrets (32 alphanumerics) and CDP Ed25519 secrets (88 base64 characters).
    id: 'coinbase-api-secret',
    description: 'Coinbase API secret',
    severity: 'critical',
    provider: 'coinbase',
    keywords: ['coinbase'],
    regex: new RegExp(String.raw`(?<![a-z0-9])coinbase[\w.-]{0,30}?(?:secret|private)${ASSIGN}([A-Za-z0-9+/_-]{32,100}={0,2})(?![A-Za-z0-9+/_=-])`, 'i'),
    entropy: 3.5,
    truePositives: ['COINBASE_API_SECRET=jv2xNtPpBM82CPhCqSYCmiGKnmrBaByg', '  coinbase_private_key: "74zljF+Rl+1JeIPsj3IifcdYS9Bx9wl6/QINB3IPMsFQKCqvOsU7LwS2VirQ84O44TiT+3cjKbocMJroslyyQZ=="'],
    falsePositives: ['COINBASE_API_SECRET=<api-secret>', 'COINBASE_API_KEY_NAME=E7CUyGWAgi2U2FogwYyuuOUg4wcemF06'],
  },
  {
    id: 'plaid-access-token',
    description: 'Plaid production access token',
    severity: 'critical',
    provider: 'plaid',
    keywords: ['access-production-', 'access-development-'],
    regex: new RegExp(`\\b(access-(?:production|development)-${UUID})(?![0-9a-f-])`),
    truePositives: [
      'PLAID_ACCESS_TOKEN=access-production-6e9b6e12-0d2e-1be1-5dee-bb54a959c0f1',
      '  "access_token": "access-development-471de3b9-7b2f-a4b8-2ebf-abb51b3f566d",',
    ],
    falsePositives: [
      'PLAID_ACCESS_TOKEN=access-sandbox-a2694cfb-5312-c951-20dc-9e45feb4a3b9',
      'PLAID_ACCESS_TOKEN=access-production-00000000-0000-0000-0000-000000000000',
    ],
  },
  {
    id: 'plaid-secret',
    description: 'Plaid API secret',
    severity: 'critical',
    provider: 'plaid',
    keywords: ['plaid'],
    regex: new RegExp(String.raw`(?<![a-z0-9])plaid[\w.-]{0,30}?secret${ASSIGN}([a-f0-9]{30})(?![a-z0-9])`, 'i'),
    entropy: 3,
    truePositives: ['PLAID_SECRET=f5795987d0ba2db5057f312f087a3e', '  plaid_secret_production: "c6f33573da18e7bfd567803edd1213"'],
    falsePositives: ['PLAID_SECRET=${PLAID_SECRET}', 'PLAID_CLIENT_ID=ce630e6211d16f14d0ceb37f'],
  },
  {
    id: 'flutterwave-secret-key',
    description: 'Flutterwave live secret key',
    severity: 'critical',
    provider: 'flutterwave',
    keywords: ['flwseck-'],
    regex: /\b(FLWSECK-[a-f0-9]{32}-X)(?![A-Za-z0-9])/,
    entropy: 3,
    truePositives: ['FLW_SECRET_KEY=FLWSECK-ab7a827aac6ee64747e8122a3ca98abb-X', "  secretKey: 'FLWSECK-58506952a62669ec349d2c646da63d30-X',"],
    falsePositives: ['FLW_SECRET_KEY=FLWSECK-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-X', 'FLW_PUBLIC_KEY=FLWPUBK-60f543934fe048e5756bb9816651c0eb-X'],
  },
  {
    id: 'flutterwave-test-secret-key',
    description: 'Flutterwave test-mode secret key',
    severity: 'low',
    provider: 'flutterwave',
    keywords: ['flwseck_test-'],
    regex: /\b(FLWSECK_TEST-[a-f0-9]{32}-X)(?![A-Za-z0-9])/,
    entropy: 3,
    truePositives: ['FLW_SECRET_KEY=FLWSECK_TEST-40923b04a676b04787b567cc1cb4e639-X', '"secret": "FLWSECK_TEST-baccb72aad6371f483d7686f514e9f47-X"'],
    falsePositives: ['FLW_SECRET_KEY=FLWSECK_TEST-612d435e641bef3a1c18-X', 'FLW_SECRET_KEY=FLWSECK_TEST-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX-X'],
  },
  {
    id: 'gocardless-access-token',
    description: 'GoCardless live access token',
    severity: 'critical',
    provider: 'gocardless',
    keywords: ['gocardless'],
    regex: new RegExp(String.raw`(?<![a-z0-9])gocardless[\w.-]{0,30}?(?:token|key|secret)${ASSIGN}(live_[A-Za-z0-9_=-]{40})(?![A-Za-z0-9_=-])`, 'i'),
    entropy: 3.5,
    truePositives: ['GOCARDLESS_ACCESS_TOKEN=live_3dXxPXXwPUzTNjnzhyj5AyIFCHUYxABFSRjeA4am', "  gocardless_token: 'live_pXxuh4de_I6D6bKWobUVNFY6D3KwrDjfaKlIEjQn'"],
    falsePositives: ['GOCARDLESS_ACCESS_TOKEN=sandbox_k4a7Dm5YMf1lkuft0ouj91apwRG7FXd3ZvuNmPZk', 'GOCARDLESS_ACCESS_TOKEN=live_your_access_token'],
  },
  {
    // Checkout.com's older keys are `sk_` followed by a UUID (`sk_test_…` in the sandbox).
    id: 'checkout-secret-key',
    description: 'Checkout.com secret key',
    severity: 'critical',
    provider: 'checkout',
    keywords: ['sk_'],
    regex: new RegExp(`\\b(sk_${UUID})(?![0-9a-f-])`),
    truePositives: [
      'CKO_SECRET_KEY=sk_91b77078-1240-623b-23ee-e256a8d6c1f4',
      "const cko = new Checkout('sk_c6ff422b-5dcb-e423-da9e-7d8c8caa00d9');",
    ],
    falsePositives: [
      'CKO_SECRET_KEY=sk_test_5fe044a5-2343-2f61-8fe4-14ac4aea8ac7',
      'CKO_SECRET_KEY=sk_xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
    ],
  },
];
