import type { Rule } from '../types.js';

// Email, SMS and voice APIs. A leaked key sends mail or texts as the company (phishing from
// a trusted domain) and reads message logs with customer addresses and phone numbers.

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

// How a provider-named setting meets its value: `=`, `:`, `=>`, `:=`, a call `f("name", "value")`,
// a typed declaration `name: string = "value"`, or .NET's `key="name" value="value"`.
const ASSIGN =
  '[\\w.-]{0,20}(?:["\'`]?\\]?\\s{0,5}(?:[:=>]{1,3}|\\(\\s{0,3}|:\\s{0,3}[A-Za-z_][\\w<>.|]{0,30}\\s{0,3}=)|["\'`]\\s{0,3},|["\'`]\\s{1,5}value\\s{0,3}=)\\s{0,5}["\'`]?';

export const messagingRules: Rule[] = [
  {
    // SG.<22-character key id>.<43-character secret>
    id: 'sendgrid-api-key',
    description: 'SendGrid API key',
    severity: 'critical',
    provider: 'sendgrid',
    keywords: ['sg.'],
    regex: /\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    entropy: 3.5,
    truePositives: ['SENDGRID_API_KEY=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', "sgMail.setApiKey('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');"],
    falsePositives: ['SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'SENDGRID_API_KEY=SG.UDfIYJEtCQOJCHtSCx2ayn.mB-OOG5alCDbXyWjVZyB'],
  },
  {
    // `key-` + 32 hex also names cache entries by md5, so the line must mention Mailgun.
    id: 'mailgun-api-key',
    description: 'Mailgun API key (key- format)',
    severity: 'critical',
    provider: 'mailgun',
    keywords: ['mailgun'],
    regex: /\b(key-[a-f0-9]{32})(?![A-Za-z0-9])/,
    entropy: 3,
    truePositives: [
      'MAILGUN_API_KEY=key-251c1f759ca45bd147478e5c7c425a30',
      'requests.post("https://api.mailgun.net/v3/mg.acme.io/messages", auth=("api", "key-d1534070f1b4c18a5703a51d6a5e12e6"))',
    ],
    falsePositives: [
      'MAILGUN_API_KEY=key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'cache_key = "key-2a255dfd6a660f3b4b2089c3bb21db47"', // an md5-named key, not Mailgun
      'MAILGUN_PUBLIC_KEY=pubkey-90574b998c73821c97980d5f85cc1e0e',
      'ssh-key-e5e8a09e4ea8fe3ace36',
    ],
  },
  {
    // Current private API keys and webhook signing keys: <32 hex>-<8 hex>-<8 hex>.
    id: 'mailgun-private-api-key',
    description: 'Mailgun private API key or webhook signing key',
    severity: 'critical',
    provider: 'mailgun',
    keywords: ['mailgun'],
    regex: new RegExp(String.raw`(?<![a-z0-9])mailgun[\w.-]{0,30}?(?:key|token|secret)${ASSIGN}([a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8})(?![a-z0-9])`, 'i'),
    entropy: 3,
    truePositives: ['MAILGUN_API_KEY=b59d221c2c9ce98a96ab28d611fe35c0-30e2bf1c-bc35c6cd', '  mailgun_webhook_signing_key: "e45c138dd4c062a9b08503e18f3f2c0b-aad6e7c1-989d039f"'],
    falsePositives: ['MAILGUN_API_KEY=${MAILGUN_API_KEY}', 'MAILGUN_DOMAIN=mg.example.org'],
  },
  {
    // <32 hex>-us<datacenter>
    id: 'mailchimp-api-key',
    description: 'Mailchimp Marketing API key',
    severity: 'high',
    provider: 'mailchimp',
    keywords: ['-us'],
    regex: /\b([a-f0-9]{32}-us\d{1,2})(?![A-Za-z0-9])/,
    entropy: 3,
    truePositives: ['MAILCHIMP_API_KEY=034dfd265849965157950855a023c107-us21', "mailchimp.setConfig({ apiKey: '68d3e30ad1761f67ed0e97726f4d7029-us6', server: 'us6' });"],
    falsePositives: ['MAILCHIMP_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-us21', 'MAILCHIMP_API_KEY=4aeb089ee7112f72983801ec-us21', 'lang: en-us'],
  },
  {
    // Mandrill (Mailchimp Transactional) keys: 22 characters, newer ones prefixed `md-`.
    id: 'mandrill-api-key',
    description: 'Mailchimp Transactional (Mandrill) API key',
    severity: 'high',
    provider: 'mailchimp',
    keywords: ['mandrill'],
    regex: new RegExp(String.raw`(?<![a-z0-9])mandrill[\w.-]{0,30}?(?:key|token|secret)${ASSIGN}((?:md-)?[A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])`, 'i'),
    entropy: 3.5,
    truePositives: ['MANDRILL_API_KEY=md-gjgEfdABiWj8y8R-Xs4MT3', "  mandrill_key: 'HNBL6a9fVzL4FLutxnHZRt'"],
    falsePositives: ['MANDRILL_API_KEY=your-mandrill-key', 'MANDRILL_API_KEY=y2DaNHUZHuFw'],
  },
  {
    // The SK… string is the API key's SID: not secret alone, but its secret is rarely far.
    id: 'twilio-api-key-sid',
    description: 'Twilio API key SID (its secret is usually nearby)',
    severity: 'medium',
    provider: 'twilio',
    keywords: ['twilio'],
    regex: /\b(SK[0-9a-fA-F]{32})(?![A-Za-z0-9])/,
    entropy: 3,
    truePositives: ['TWILIO_API_KEY=SK5c18ca64b552d8d274b1cd05fbc8a5fb', "const client = twilio('SKac61561173f068a1fb85cd0992bef174', apiSecret, { accountSid });"],
    falsePositives: ['TWILIO_API_KEY=SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'TWILIO_API_KEY=SK53d9af66b12041a16f47'],
  },
  {
    // Auth tokens are 32 hex; API key secrets are 32 alphanumerics.
    id: 'twilio-auth-token',
    description: 'Twilio auth token or API key secret',
    severity: 'critical',
    provider: 'twilio',
    keywords: ['twilio'],
    regex: new RegExp(String.raw`(?<![a-z0-9])twilio[\w.-]{0,30}?(?:token|secret)${ASSIGN}([A-Za-z0-9]{32})(?![A-Za-z0-9])`, 'i'),
    entropy: 3,
    truePositives: ['TWILIO_AUTH_TOKEN=f06b93c596364e70a806e496d78389f9', '  twilio_api_secret: "6d6GDSqip0EoDSkWw1BZBrdZkfTJX8Aa"', 'os.environ.setdefault("TWILIO_AUTH_TOKEN", "ce027611482e2710b4e8ccf798af0abd")'],
    falsePositives: ['TWILIO_AUTH_TOKEN=your_auth_token', 'TWILIO_ACCOUNT_SID=AC2b1548201bf3cddd26f711f64e877908'],
  },
  {
    // An account SID followed by its auth token, as in basic-auth URLs and client constructors.
    id: 'twilio-account-credentials',
    description: 'Twilio account SID with its auth token',
    severity: 'critical',
    provider: 'twilio',
    keywords: ['twilio', 'client('],
    regex: /\b(AC[a-f0-9]{32})(?::|["']?\s*,\s*["'])([a-f0-9]{32})(?![A-Za-z0-9])/,
    secretGroup: 2,
    entropy: 3,
    truePositives: [
      'curl https://ACd2afea9a995433ac74dedc02117c74e9:c1168287114fcc27a87f88da7ab0a8d6@api.twilio.com/2010-04-01/Accounts.json',
      'client = Client("AC5406538be1d12e72ed3203db9b8e59a0", "8115cfb4d48fe21c1af14cb1eed37b40")',
    ],
    falsePositives: [
      'client = Client("ACfb368498fb3bffd646092c61644724df", auth_token)',
      'curl https://AC38e0a3d99d85214366e9dc95f3466dd3:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx@api.twilio.com/',
    ],
  },
  {
    // Server and account tokens are UUIDs, sent as X-Postmark-Server-Token / -Account-Token.
    id: 'postmark-api-token',
    description: 'Postmark server or account API token',
    severity: 'high',
    provider: 'postmark',
    keywords: ['postmark'],
    regex: new RegExp(
      `(?<![a-z0-9])postmark[\\w.-]{0,30}?(?:token|key|secret)${ASSIGN}(${UUID})(?![0-9a-f-])`,
      'i',
    ),
    truePositives: [
      'POSTMARK_SERVER_TOKEN=11f399a5-b737-4977-2f3e-7da6ba191222',
      "  'X-Postmark-Server-Token': '50b7517d-ebea-176f-96c2-44dcb7a1432c',",
    ],
    falsePositives: [
      'POSTMARK_SERVER_TOKEN=POSTMARK_API_TEST',
      'POSTMARK_SERVER_TOKEN=00000000-0000-0000-0000-000000000000',
    ],
  },
  {
    id: 'brevo-api-key',
    description: 'Brevo (Sendinblue) API key',
    severity: 'high',
    provider: 'brevo',
    keywords: ['xkeysib-'],
    regex: /\b(xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16})(?![A-Za-z0-9])/,
    entropy: 3,
    truePositives: ['BREVO_API_KEY=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', "  'api-key': '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',"],
    falsePositives: ['BREVO_API_KEY=xkeysib-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxx', 'BREVO_API_KEY=xkeysib-fe08112e8c0a45d717e44442870ec6727b442e28d798406cab5cb492f3a9def4'],
  },
  {
    id: 'brevo-smtp-key',
    description: 'Brevo (Sendinblue) SMTP key',
    severity: 'high',
    provider: 'brevo',
    keywords: ['xsmtpsib-'],
    regex: /\b(xsmtpsib-[a-f0-9]{64}-[A-Za-z0-9]{16})(?![A-Za-z0-9])/,
    entropy: 3,
    truePositives: ['SMTP_PASSWORD=xsmtpsib-f76df8b9a5d3057f6910affd1ee9dd993cfb92120c83951f89e5da915f95c9db-fxtevC6Kw2tzPViF', '  pass: "xsmtpsib-204371cc6f75f7a81bbdabf8e9190251eb0e26072d9cadabb4d81648e696c039-Rdd1SDPk4Qwj3mJP"'],
    falsePositives: ['SMTP_PASSWORD=xsmtpsib-...', 'SMTP_PASSWORD=xsmtpsib-ff6ce84c8577a434c863b605a5eae864ead61445-znvTo0ANL2dufNoR'],
  },
  {
    // Mailjet pairs a public API key with a private secret key, both 32 hex; the secret matters.
    id: 'mailjet-secret-key',
    description: 'Mailjet API secret key',
    severity: 'high',
    provider: 'mailjet',
    keywords: ['mailjet', 'mj_apikey_private'],
    regex: new RegExp(String.raw`(?<![a-z0-9])(?:mailjet[\w.-]{0,30}?(?:secret|private)|mj_apikey_private)${ASSIGN}([a-f0-9]{32})(?![a-z0-9])`, 'i'),
    entropy: 3,
    truePositives: ['MJ_APIKEY_PRIVATE=ac84b9d56324f015af969ab53b1428b9', '  mailjet_secret_key: "f82b66e0c1a3060f465fdf339109ee7e"'],
    falsePositives: ['MJ_APIKEY_PRIVATE=${MJ_APIKEY_PRIVATE}', 'MAILJET_API_KEY=1137a49d5f5d4387c2e9525fe87682de'],
  },
  {
    id: 'messagebird-api-key',
    description: 'MessageBird (Bird) API access key',
    severity: 'high',
    provider: 'messagebird',
    keywords: ['messagebird', 'message_bird', 'message-bird'],
    regex: new RegExp(String.raw`(?<![a-z0-9])message[_-]?bird[\w.-]{0,30}?(?:key|token|secret)${ASSIGN}([A-Za-z0-9]{25})(?![A-Za-z0-9])`, 'i'),
    entropy: 3.5,
    truePositives: ['MESSAGEBIRD_ACCESS_KEY=frDnacepDMIeD1Nourr0exRaj', "  messagebird_api_key: 'F1XFklc1aZEQQzYIM2LjdQ7Bv'"],
    falsePositives: ['MESSAGEBIRD_ACCESS_KEY=test_pifqqIfKeRCsu6tIBrl5', 'MESSAGEBIRD_ACCESS_KEY=<access-key>'],
  },
  {
    // API secrets are 16 alphanumerics; the 8-hex API key alone is not enough.
    id: 'vonage-api-secret',
    description: 'Vonage (Nexmo) API secret',
    severity: 'high',
    provider: 'vonage',
    keywords: ['vonage', 'nexmo'],
    regex: new RegExp(String.raw`(?<![a-z0-9])(?:vonage|nexmo)[\w.-]{0,30}?secret${ASSIGN}([A-Za-z0-9]{16})(?![A-Za-z0-9])`, 'i'),
    entropy: 3.2,
    truePositives: ['VONAGE_API_SECRET=dARnl0VkaNq3Vz0I', "  nexmo_api_secret: 'kHgTV5VLPv8thvrr'"],
    falsePositives: ['VONAGE_API_SECRET=${VONAGE_API_SECRET}', 'VONAGE_API_KEY=5e3d6aea'],
  },
  {
    // re_<8-character id>_<secret>
    id: 'resend-api-key',
    description: 'Resend API key',
    severity: 'high',
    provider: 'resend',
    keywords: ['re_'],
    regex: /\b(re_[A-Za-z0-9]{8}_[A-Za-z0-9]{20,32})(?![A-Za-z0-9])/,
    entropy: 3.5,
    truePositives: ['RESEND_API_KEY=re_4RGefdkS_Jt4np4IhKMcUmhjeZ6znAn3R', "const resend = new Resend('re_PMiBAsxI_wzp3HIib7dbmIwy5myoldq0CC');"],
    falsePositives: ['RESEND_API_KEY=re_xxxxxxxxxxxxxxxxxxxxx', 'RESEND_API_KEY=re_123456789', 'RESEND_API_KEY=re_kYjnZpJu_OI5pOqrmwp'],
  },
  {
    id: 'loops-api-key',
    description: 'Loops API key',
    severity: 'high',
    provider: 'loops',
    keywords: ['loops'],
    regex: new RegExp(String.raw`(?<![a-z0-9])loops[\w.-]{0,30}?(?:key|token|secret)${ASSIGN}([a-f0-9]{32})(?![a-z0-9])`, 'i'),
    entropy: 3,
    truePositives: ['LOOPS_API_KEY=690ebbab12a3e4afdac8126739cc68fc', "  loops_api_key: 'ec0c5a11151c690ad91bd2af37cb9bc4'"],
    falsePositives: ['LOOPS_API_KEY=${LOOPS_API_KEY}', 'LOOPS_API_KEY=4af704461e7bfcc3'],
  },
  {
    id: 'sparkpost-api-key',
    description: 'SparkPost API key',
    severity: 'high',
    provider: 'sparkpost',
    keywords: ['sparkpost'],
    regex: new RegExp(String.raw`(?<![a-z0-9])sparkpost[\w.-]{0,30}?(?:key|token|secret)${ASSIGN}([a-f0-9]{40})(?![a-z0-9])`, 'i'),
    entropy: 3,
    truePositives: ['SPARKPOST_API_KEY=ca33ff10cd3d38aca7cf0b3a97c20919f8cc9892', '  sparkpost_api_key: "b804a8e39a67600fdec4fa3f2d1220a27f3484e8"'],
    falsePositives: ['SPARKPOST_API_KEY=<your-api-key>', 'SPARKPOST_API_KEY=599e5d0e8859cd575aa863bb53ae6130'],
  },
  {
    // Auth tokens are 40 alphanumerics; auth IDs (MA…/SA…) are the username.
    id: 'plivo-auth-token',
    description: 'Plivo auth token',
    severity: 'high',
    provider: 'plivo',
    keywords: ['plivo'],
    regex: new RegExp(String.raw`(?<![a-z0-9])plivo[\w.-]{0,30}?(?:token|secret)${ASSIGN}([A-Za-z0-9]{40})(?![A-Za-z0-9])`, 'i'),
    entropy: 3.5,
    truePositives: ['PLIVO_AUTH_TOKEN=ofoMr144YRMKE9DNuCOEzp1l5FNziQylyz0LlSm0', "  plivo_auth_token: 'klCoC5bFP8oaYPcwEtyDkaqSMGtEeDtuLUZiOQBF'"],
    falsePositives: ['PLIVO_AUTH_TOKEN=${PLIVO_AUTH_TOKEN}', 'PLIVO_AUTH_ID=MA03CTD3O3RZ7ONFYEVK'],
  },
  {
    // App secrets are 20 hex; with the app id and key they sign private-channel auth.
    id: 'pusher-app-secret',
    description: 'Pusher Channels app secret',
    severity: 'high',
    provider: 'pusher',
    keywords: ['pusher'],
    regex: new RegExp(String.raw`(?<![a-z0-9])pusher[\w.-]{0,30}?secret${ASSIGN}([a-f0-9]{20})(?![a-z0-9])`, 'i'),
    entropy: 3,
    truePositives: ['PUSHER_APP_SECRET=c7ab9cf0ffdb3bdbac64', "  pusherSecret: 'eba67257bda0d92c5a47',"],
    falsePositives: ['PUSHER_APP_SECRET=${PUSHER_APP_SECRET}', 'PUSHER_APP_KEY=8c161a14ec54829bd383'],
  },
];
