import type { Rule } from '../types.js';
import { endsInValue, holdsInOrder } from '../line-check.js';
import { wordStart, type Anchor } from '../word-anchor.js';
import { judgeAssignedValue, judgeQuotedValue } from '../context-judge.js';
import { METADATA_XML_ELEMENT, VERSION_VALUES } from './build-identifiers.js';
import { GO_TYPE, OPERATORS, VALUE_END, VALUE_OPEN, WHOLE_NAME_KEYWORDS, WHOLE_NAMES, WRAPPER } from './assignment-forms.js';

// Context rules: a secret-sounding name assigned a literal. They are the safety net behind
// the provider rules, so they lean on entropy and shape checks to stay quiet on code.

// Secret-sounding names. A two-word name may be written with `_`, `.`, `-` or nothing between.
const SINGLE_NAMES = ['password', 'passwd', 'passphrase', 'pwd', 'secret', 'token', 'credential'];
const PAIRED_NAMES = [
  'api key', 'access key', 'auth key', 'client secret', 'private key', 'signing key', 'encryption key',
  'master key', 'app key', 'account key', 'storage key', 'aes key', 'fernet key', 'hmac key',
  'cipher key', 'crypto key',
];

export const NAMES = `(?:${[
  ...SINGLE_NAMES.map((n) => (n === 'credential' ? 'credentials?' : n)),
  ...PAIRED_NAMES.map((n) => n.replace(' ', '[_.-]?')),
].join('|')})`;
// A name holds a secret word at most NAME_PREFIX characters into it.
const NAME_PREFIX = 40;
export const KEY_NAME = `[\\w.-]{0,${NAME_PREFIX}}?${NAMES}[\\w.-]{0,30}`;
// A name the assignment rules take: one holding a secret word, or `auth`/`bearer` alone.
const ANY_NAME = `${KEY_NAME}|${WHOLE_NAMES}`;

// Every spelling of every name, so the prefilter selects these rules only on lines that can
// match (a bare `auth` or `crypto` is everywhere in code; `auth_key` is not, nor is `auth:`).
export const KEYWORDS = [
  ...SINGLE_NAMES,
  ...PAIRED_NAMES.flatMap((n) => ['_', '.', '-', ''].map((sep) => n.replace(' ', sep))),
  ...WHOLE_NAME_KEYWORDS,
];

// A name is a [\w.-] run holding a secret word; an assignment starts where that run does,
// at most NAME_PREFIX characters before the word.
export const AT_NAME: Anchor = {
  names: KEYWORDS,
  starts(line, at, add) {
    const start = wordStart(line, at, NAME_PREFIX);
    if (start !== -1) add(start);
  },
};

// How a name meets its value: `=`, `:`, `=>`, a call `f("name", "value")`, a typed
// declaration `name: string = "value"` (assignment-forms.ts: OPERATORS, GO_TYPE), .NET's
// `key="name" value="value"` and C#'s `Name { get; } = "value"`.
const SEPARATOR =
  `(?:["'\`]?\\]?\\s{0,5}(?:=|:|=>|===?|\\|\\|=|${OPERATORS}|\\(\\s{0,3})|${GO_TYPE}|["'\`]\\s{0,3},|["'\`]\\s{1,5}value\\s{0,3}=|\\s{0,3}\\{\\s{0,3}get;[^}]{0,20}\\}\\s{0,3}=)`;


// Names that sound secret but hold metadata about one (a path, a length, an id …).
export const METADATA_NAME =
  /^[\s;"'`]{0,10}(?:export\s+)?[\w.-]*?(?:name|file|filename|path|dir|url|uri|type|length|len|field|id|ids|env|label|prompt|hint|pattern|regex|policy|expiry|expires|expiration|ttl|count|min|max|header|param|endpoint|location|format|mode|size|version|hash|digest|store|provider|ref|arn|validator|placeholder|example|public[_.-]?key)(?![\w.-])/i;
// Values meant to be public: publishable and search-only keys, public tokens.
export const NOT_A_SECRET_NAME =
  /^[\s;"'`]{0,10}(?:export\s+)?[\w.-]*?(?:tokeniz|token[_.-]?(?:count|usage|limit|budget)|csrf|xsrf|authenticity[_.-]?token|jsonwebtoken|public[\w.-]{0,12}?(?:key|token)|publishable|contract|address|tx[_.-]?hash|algolia[\w.-]{0,10}search|authorization[_.-]?url|author)/i;

// "… key was", "… token:", "… password (": a credential noun followed by what introduces its value.
const PROSE_KEYWORDS = ['key', 'keys', 'token', 'tokens', 'secret', 'secrets', 'password', 'passwords', 'passwd', 'pat', 'credential', 'credentials', 'key base'].flatMap(
  (noun) => [' was', ' is', ':', ' :', ' (', '(', ')'].map((sep) => `${noun}${sep}`),
);

// A prose match starts at its credential noun or at one of up to three plain words (1–20
// letters, one space apart) right before it.
const PROSE_NOUN: Anchor = {
  names: ['api key', 'api_key', 'api-key', 'apikey', 'key', 'token', 'secret', 'password', 'passwd', 'pat', 'credential'],
  starts(line, at, add) {
    add(at);
    let end = at;
    for (let k = 0; k < 3 && end >= 2 && line.charCodeAt(end - 1) === 32; k++) {
      // A word of more than 20 letters ends the phrase: walk no further back than that.
      const floor = Math.max(0, end - 22);
      let start = end - 1;
      while (start > floor && isLetter(line.charCodeAt(start - 1))) start--;
      const letters = end - 1 - start;
      if (letters === 0 || letters > 20) break;
      add(start);
      end = start;
    }
  },
};

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

// `['security', 'secret', 'cwe-798']`: a bare word followed by a comma is a list item, not a
// name whose value follows.
const BARE_WORD_IN_A_LIST = /^(?:password|passwd|pwd|secret|token|credentials?)["'`]\s{0,3},/i;
// An API key or token is drawn from URL-safe characters and never holds `?`; a name that says
// key or token (and no password or secret word) given a value with one holds a template, a query
// or a mangled sample. Passwords and secrets may hold anything, so they keep their findings.
const QUERY_MARK_IN_A_KEY =
  /^(?![\w.-]*(?:passw|pwd|secret|credential|phrase))[\w.-]*(?:key|token)[^'"`\n]{0,40}['"`][^'"`\s]*\?/i;

// Prose about values that are public or not credentials at all.
const PUBLIC_PHRASE =
  /^[^:(]*?\b(?:public|publishable|site key|authorized key|host key|anon|dedupe|idempotency|cache|lock|partition|sort|primary|foreign|routing|license|gpg key|pgp key|signing key id|key id|fingerprint)\b/i;

// Values shaped like words, identifiers, paths or URLs rather than random secrets.
export const WORDY_VALUES = [
  /^[a-z]+$/,
  /^[A-Z][a-z]+$/,
  /^[A-Z0-9_]+_[A-Z0-9_]+$/,
  /^[A-Z]+$/,
  // Words joined by `_ . -`, a word possibly carrying digits (`base64url-encoded`).
  /^[A-Za-z][a-z]*\d*[a-z]*(?:[_.-][A-Za-z][a-z]*\d*[a-z]*)+$/,
  // camelCase and PascalCase identifiers, also behind a sigil (`?InterpolationInJSX`).
  /^[?$#@_]?[A-Za-z][a-z]+(?:[A-Z][a-z]+|[A-Z]{2,5}(?=[A-Z]|$))+$/,
  // Regular expressions: character classes, escapes, groups.
  /\[[^\]]{1,40}\]|\\[dswbDSWB]|\(\?[:=!<]/,
  /^(?:\.{0,2}\/|~\/|[a-z]:\\)[\w.\/\\-]*$/i,
  /^0x[0-9a-f]{40}$/i,
  /^[a-z][\w+.-]*:\/\//i,
  /\.(?:pem|key|json|ya?ml|toml|xml|md|txt|crt|p12|pfx|env|js|ts|py|rb|go|sh|cfg|conf|ini|lock|properties)$/i,
  /^(?:true|false|null|none|nil|undefined|required|optional|string|number|boolean|bool|str|int)$/i,
  /^(?:pass(?:word)?|secret|token|admin|test|demo|default|qwerty|letmein)[\W_]?\d{0,6}$/i,
  // Mapbox public tokens and Stripe publishable keys are made to ship in client code.
  /^pk\.eyJ|^pk_(?:live|test)_|^phc_|^sb_publishable_/,
  // SSH public keys.
  /^(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-|sk-ssh-)/,
  ...VERSION_VALUES,
];

// Element names that say a secret (`<password>`, `<apiToken>`, `<privateKey>`), for the XML
// rules: the words are their keywords too.
const XML_SECRET_WORDS = ['password', 'passwd', 'secret', 'token', 'apikey', 'api_key', 'credential', 'passphrase', 'privatekey'];
const XML_SECRET_ELEMENT = `(?:[\\w.:-]{0,30}?)(?:${XML_SECRET_WORDS.join('|')})[\\w.:-]{0,20}`;
// How both XML rules take the element's value (group 2) as a secret, plain or braced alike.
const XML_VALUE = {
  secretGroup: 2,
  entropy: 3,
  allowMatch: [METADATA_XML_ELEMENT],
  allowlist: WORDY_VALUES,
  judge: judgeQuotedValue,
} satisfies Partial<Rule>;

export const genericRules: Rule[] = [
  {
    id: 'generic-secret-assignment',
    description: 'Secret-named variable assigned a quoted literal',
    severity: 'medium',
    provider: 'generic',
    generic: true,
    keywords: KEYWORDS,
    anchor: AT_NAME,
    regex: new RegExp(
      `(?<![\\w.-])(${ANY_NAME})${SEPARATOR}\\s{0,5}(?:[rbuf@](?=["'\`])|new String\\(|${WRAPPER})?${VALUE_OPEN}([\\x21\\x23-\\x26\\x28-\\x5b\\x5d-\\x5f\\x61-\\x7e]{8,2000})${VALUE_END}`,
      'i',
    ),
    secretGroup: 2,
    entropy: 3,
    allowMatch: [METADATA_NAME, NOT_A_SECRET_NAME, BARE_WORD_IN_A_LIST, QUERY_MARK_IN_A_KEY],
    allowlist: WORDY_VALUES,
    judge: judgeAssignedValue,
    truePositives: [
      'DB_PASSWORD = "q7Z!vR2m#pLx9Tw"',
      'DB_PASSWORD = "q7Z!vR2m?pLx9Tw"',
      "const apiKey = 'c9f1e07b3a5d4e8fa2b6c0d9e3f7a1b5';",
      '  "client_secret": "Zr8Kq2Lm5Vx7Bn3Hj6Wp9Ty4",',
      'app.config["SECRET_KEY"] = "d8G#kq2!Lm5vX7bN"',
      'settings.setAuthToken("Hx7Qp2Lm9Vz4Kc8N")',
      'password: "W3lc0me-2Prod!"',
      'var apiToken string = "Zr8Kq2Lm5Vx7Bn3Hj6Wp9Ty4"',
      'const API_TOKEN: &str = "Gk5Rw9Tz2Lq7Xm4Vb8Nc3Hp6";',
      "$config['db_password'] .= 'q7Z!vR2m#pLx9Tw';",
      'curl -H "X-API-KEY: Fz8Lq4Kx2Wm7Vb3Rt9Nc5Hp6" https://api.internal',
      '{"env": "LOG_LEVEL=info\\nDB_PASSWORD=Aw6Lq2Kz9Xm5Vb3Rt8Nc4Hp7\\nPORT=8080"}',
      '{"auth": "Mz9Lq3Kx7Wm2Vb6Rt4Nc8Hp5"}',
    ],
    falsePositives: [
      'DB_PASSWORD = "changeme"',
      'password = ""',
      "const apiKey = process.env.API_KEY || '';",
      'SECRET_KEY_FILE = "/run/secrets/secret_key.pem"',
      'token_url = "https://auth.example.com/oauth/token"',
      'password_field = "user_password_confirmation"',
      'const tokenizer = "wordpiece-tokenizer-v2"',
      'api_key: "${API_KEY}"',
      'secret: "{{ .Values.secret }}"',
      'password = "<your-password-here>"',
      "PUSHOVER_API_KEY = 'u8Kq2Lm5Vx7Bn3?Hj6Wp9Ty4Zr8Qd'",
      'AUTH_TOKEN_HEADER = "X-Auth-Token-Value"',
      'password: "password123"',
      'A pull request can also edit `.secretgate.toml`, `.gitleaks.toml` and `.gitleaksignore`.',
      "tags: ['security', 'secret', 'external/cwe/cwe-798'],",
      "createToken('NUMERICIDENTIFIERLOOSE', '[0-9]+')",
      'const TOKEN_STRINGS = "[A-Za-z0-9._~+/-]+=*";',
      'lastSignificantToken = "?InterpolationInTemplate";',
      '"Unexpected_token_1012": "予期しないトークンです。",',
      'var apiToken string = os.Getenv("API_TOKEN")',
      "apiKey = _messages.MessageField('GoogleCloudApihubV1ApiKey', 1)",
      "'credential.https://source.corp.internal/.helper=',",
      "const clientSecret = Buffer.from(process.env.CLIENT_SECRET!, 'base64');",
      '{"auth": "basic"}',
      'const { token: tok, fallbackLabel = "a8f3k2l9x7q5" } = options;',
      '<privateKeySource class="com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey$DirectEntryPrivateKeySource">',
      'raise MissingTokenError(description="Missing access token parameter.")',
      "'&x-goog-credential=service_account_email%2F19000101%2Fus-'",
      "'Credentials:gs_host_header=' + gs_host,",
    ],
  },
  {
    id: 'generic-secret-unquoted',
    description: 'Secret-named setting with a bare value (env, YAML, properties)',
    severity: 'medium',
    provider: 'generic',
    generic: true,
    keywords: KEYWORDS,
    // The value ends the line, but for spaces and a `#` comment: said by a lookahead, so a
    // match (and what it reads) stays bounded, as regex-reach.ts requires.
    regex: new RegExp(
      `(?:^|\\s|export\\s{1,64}|;|\\/:)(${ANY_NAME})\\s{0,5}(?::{0,3}=|[?+]=|:)\\s{0,5}([A-Za-z0-9+/~!@#%^*()_=.-]{12,2000})(?=\\s{0,256}(?:#|$))`,
      'i',
    ),
    // Most code lines end in `;`, `,` or a quote: no bare value can end them.
    lineCheck: endsInValue('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/~!@#%^*()_=.-', 12),
    secretGroup: 2,
    entropy: 3.3,
    allowMatch: [METADATA_NAME, NOT_A_SECRET_NAME],
    allowlist: [...WORDY_VALUES, /^[^0-9]{0,23}$/, /^[^A-Za-z]*$/, /^[a-z_][\w]*(?:\.[a-z_][\w]*)+$/i, /^[\w.$]+\(.*\)$/, /^[\w.$]+\($/],
    judge: judgeAssignedValue,
    truePositives: [
      'DATABASE_PASSWORD=Vq3xL9mZ2kR7wT5p',
      'export STRIPE_WEBHOOK_SECRET_VALUE=a8F3kL0qZ7xV2mN5bT9w',
      '  client_secret: 4fQ9zL2mX7vK1pR8tW3n',
      'spring.datasource.password=Pr0d!Db#Pa55w0rd2024',
      'jenkins --api-token=11a7c9e2f4b84d6a9e0c3b5d7f1a2c4e',
      'API_TOKEN ::= Dz9Lq4Kx7Wm2Vb6Rt8Nc3Hp5',
      'REGISTRY_PASSWORD ?= Hq6Wz2Lk9Xv4Rb7Nm3Tc8Yp5',
      '//npm.internal.corp/:_authToken=Uz2Lq7Kx4Wm9Vb6Rt3Nc8Hp5',
      'npm:\n  auth: Kz2Lq9Kx6Wm3Vb8Rt5Nc7Hp4',
    ],
    falsePositives: [
      'PASSWORD=${DB_PASSWORD}',
      'secret: my-kubernetes-secret-name',
      'password = request.form.password',
      'TOKEN_TTL=3600000000000',
      'SECRET_KEY=your_secret_key_here',
      'api_key: REPLACE_WITH_YOUR_API_KEY',
      'password = get_password_from_vault(path)',
      'auth_provider=oauth2-proxy-google',
      'PWD=/home/runner/work/project/project',
      'API_TOKEN ::= $(shell cat .token)',
      '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
      'auth: true',
      'auth = S3HmacAuthV4Handler(',
    ],
  },
  {
    id: 'generic-secret-in-prose',
    description: 'Credential quoted in a comment or note ("old api key was …")',
    severity: 'medium',
    provider: 'generic',
    generic: true,
    keywords: PROSE_KEYWORDS,
    anchor: PROSE_NOUN,
    // A noun phrase of plain words ending in a credential word ("old datadog application key
    // was …"); quoted or underscored names are assignments, handled by the rules above.
    regex:
      /(?<![\w.'"`-])(?:[a-z]{1,20} ){0,3}?(?:api[ _-]?key|key|token|secret|password|passwd|pat|credential|key base)s?\)?\s{0,3}(?:was|is|:|\()\s{0,3}["'`(]?([A-Za-z0-9+/_~.=@!#%^&*-]{16,2000})(?![A-Za-z0-9+/_~.=@!#%^&*-])/i,
    entropy: 3.2,
    allowMatch: [NOT_A_SECRET_NAME, PUBLIC_PHRASE],
    allowlist: [...WORDY_VALUES, /^[^0-9]{0,31}$/, /^[^A-Za-z]*$/, /^[a-z_][\w]*(?:\.[a-z_][\w]*)+$/i],
    judge: judgeQuotedValue,
    truePositives: [
      '# TODO rotate pagerduty api key (STzcB01g-CEG7KgoA3XK)',
      '# TODO rotate aws secret access key (/AwZfmT/zkubJJXnUtXEBPtXcdpRLGgtipwraOc+)',
      '# TODO rotate datadog application key (7a8d3d9a3cb122cbf1962e2e3ee0aeedccb8eff6)',
      '// old service api key was BnBBENOGgWbhaA1leuYWvVtxI70zT1GS23fyLsM0UC',
      '# old atlassian token was xtpOe6qrKTHIdC4FLpod3PRY',
    ],
    falsePositives: [
      '# the api key is read from the environment at start-up',
      '// token: see docs/authentication.md for how to mint one',
      '# password is stored in vault under secret/data/app',
      '// token = tokenizer.nextToken()',
      '- Release GPG key: F3EF5F62A87FC27A22E643F714CE4FF5015AA242',
      'password: URLPatternComponentResult;',
      '* AKP JWK "priv" (Private Key): base64url-encoded private key',
    ],
  },
  {
    id: 'generic-secret-xml',
    description: 'Secret-named XML element with a literal value',
    severity: 'medium',
    provider: 'generic',
    generic: true,
    // Jenkins' credentials.xml holds `<privateKey>{AQAAAB…}</privateKey>`: encrypted keys run to
    // a few thousand characters.
    keywords: XML_SECRET_WORDS,
    regex:
      new RegExp(`<(${XML_SECRET_ELEMENT})>\\s{0,5}([^<\\s]{8,4000})\\s{0,5}<\\/\\1>`, 'i'),
    lineCheck: holdsInOrder('>', '</'),
    ...XML_VALUE,
    truePositives: [
      '<password>N7q!Lz2Vx9#mRk4</password>',
      '  <apiToken>a91f3c7e5b2d4f6a8c0e1b3d5f7a9c2e</apiToken>',
      '  <passphrase>{AQAAABAAAAAQWq3Lz8Kx5Vm2Rb9Nt6Hc4Yp7Gd1Fj0=}</passphrase>',
    ],
    falsePositives: ['<password>${env.DB_PASSWORD}</password>', '<tokenType>bearer-token-type</tokenType>'],
  },
  {
    id: 'url-embedded-credentials',
    description: 'Password embedded in a URL (user:password@host)',
    severity: 'high',
    provider: 'generic',
    generic: true,
    keywords: ['://'],
    regex:
      /\b(?:https?|ftps?|sftp|ssh|git|smtps?|imaps?|ldaps?|svn|ws|wss):\/\/([^\s:@/"'`]{1,64}):(?!\1@)([^\s:@/"'`]{3,128})@[\w.-]{1,253}/i,
    // Every line with a URL holds `://`; few hold an `@` after it.
    lineCheck: holdsInOrder('://', '@'),
    secretGroup: 2,
    entropy: 2.5,
    allowlist: [/^(?:password|passwd|pass|pwd|secret|token|x-oauth-basic|changeme|user|username|\*+|x+)$/i],
    truePositives: [
      'git clone https://deploy:Tq8vZ3mLx2Rk9@git.internal.corp/app.git',
      'SMTP_URL=smtps://mailer:hB7!kQ2zLm5x@smtp.mailhost.net:465',
    ],
    falsePositives: [
      'https://user:password@example.com/path',
      'https://${USER}:${PASS}@host.internal/repo.git',
      'see https://github.com/org/repo for details',
    ],
  },
  {
    // Credential stores exported as XML (Jenkins' credentials.xml, plugin configs) wrap a value
    // in braces with a label or marker before it: `<secret>{deploy AQAAABAAA 9f3k…}</secret>`.
    // The plain `{AQAAAB…}` form has no spaces and is generic-secret-xml's.
    id: 'generic-secret-xml-braced',
    description: 'Secret-named XML element with a braced, labelled literal value',
    severity: 'medium',
    provider: 'generic',
    generic: true,
    keywords: XML_SECRET_WORDS,
    regex:
      new RegExp(`<(${XML_SECRET_ELEMENT})>\\s{0,5}\\{ {0,3}(?:[^<>{}\\s]{1,40} {1,3}){1,3}([^<>{}\\s]{16,4000}) {0,3}\\}\\s{0,5}<\\/\\1>`, 'i'),
    lineCheck: holdsInOrder('>', '{', '}', '</'),
    ...XML_VALUE,
    truePositives: [
      '  <secret>{deploy AQAAABAAA q8Zt3kW1xv7Rn2pL5mC9hY4sB6dF0gJe}</secret>',
      '<apiToken>{ci-bot v2 7f4e9a1c3b8d2e6f0a5c9b7d1e3f8a2c4b6d0e9f}</apiToken>',
      '<password>{svc-backup AQAAABAAA Vb7nQ2xK9mLp4Rz8Tw3Hc6Jd}</password>',
      '<privateKey>{deploy-key Kx4Wm9Qz2Vb7Lp3Rn8Tc5Hd1Jf6Gs0Ya}</privateKey>',
      '  <token>{ AQAAABAAA Lq8Zr3Kx6Vm1Wb9Tn4Hc7Jd2Pf5Gs0 }</token>',
      '<api_key>{reporting AQAAABAAA 3f9a1c7e5b2d48f6a0c9e1b7d3f5a92c}</api_key>',
    ],
    falsePositives: [
      '<secret>{see the vault entry named ci-deploy-credentials}</secret>',
      '<secret>{deploy AQAAABAAA ${env.DEPLOY_SECRET_VALUE}}</secret>',
      '<description>{deploy AQAAABAAA q8Zt3kW1xv7Rn2pL5mC9hY4sB6dF0gJe}</description>',
    ],
  },
  {
    // A password-named setting whose bare value holds the symbols the unquoted rule stops at
    // (`DB_PASSWORD=x;Qm4<vR}9t`, `pwd: h}!M,L7n?s`): .env and YAML values run to the line's end.
    // Only such values (the rest are generic-secret-unquoted's), and nothing that reads as code:
    // no quotes, brackets or parentheses, no `$` reference, no path or URL.
    id: 'generic-password-bare-symbols',
    description: 'Password-named setting with a bare value holding symbols',
    severity: 'medium',
    provider: 'generic',
    generic: true,
    keywords: ['password', 'passwd', 'pwd'],
    // The name may be a shell or PHP variable (`$DB_PASSWORD: …`); the value may end at an
    // escaped newline inside a JSON string holding `NAME=value` lines.
    regex: /(?:^|\s|export\s{1,64}|["'])\$?([\w.-]{0,40}?(?:passw(?:or)?d|pwd)[\w.-]{0,30})\s{0,5}(?::{0,3}=|[?+]=|:)\s{0,5}([!-[\]-~]{8,128})(?=\s{0,256}$|\\[nr])/i,
    secretGroup: 2,
    entropy: 3,
    allowMatch: [METADATA_NAME, NOT_A_SECRET_NAME],
    allowlist: [/^[^;<>{},:?$=]*$/, /["'`()[\]\\]/, /\$/, /^[/~.]|:\/\/|\//, /^[^0-9]*$/, /^[^A-Za-z]*$/],
    truePositives: ['DB_PASSWORD=x;Qm4<vR}9tLw', '  pwd: h}!M,L7n?sTq2Wz', '$DB_PASSWD: Tq8;Lm2?Zx7v', '{"app.ini": "DB_PASSWORD=k9<Wq2;Lm7}x\\nPORT=5432"}'],
    falsePositives: [
      'DB_PASSWORD=${DB_PASSWORD}',
      'pwd=$(pwd)',
      'password_pattern=[A-Za-z0-9]{12,}',
      'ADMIN_PASSWORD=Vq3xL9mZ2kR7wT5p',
      'password: getPassword(config);',
      'pwd: /srv/app/releases/2024:current',
    ],
  },
];
