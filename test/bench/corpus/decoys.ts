// Decoy specs: strings that look a little like credentials, or sit where credentials sit, but
// are not secrets. A scanner that reports any of them produces a false positive.
import { ALNUM, B32, B64, B64URL, DIGITS, LOWER_ALNUM, Rng, UPPER_ALNUM } from './rng.js';
import { base64, base64url, pemBlocks } from './shared.js';
import { WORDS, camel, cap, dotted, kebab, snake, upperSnake } from './langs.js';
import type { Family, ItemSpec, RawLine } from './types.js';
import { APP_CODE_DECOYS } from './app-decoys.js';

type Extra = Partial<Pick<ItemSpec, 'raw' | 'block' | 'assignIn' | 'weight'>>;

const D = (provider: string, format: string, value: ((r: Rng) => string) | undefined, names: string[], extra: Extra = {}): ItemSpec => ({
  kind: 'decoy', provider, format, ...(value ? { value } : {}), names, ...extra,
});

const word = (r: Rng): string => r.pick(WORDS);
const NO_ASSIGN: Family[] = [];

/** Names under which real code keeps credentials. */
const SECRET_NAMES = [
  'api key', 'github token', 'db password', 'password', 'stripe secret key', 'slack bot token', 'aws secret access key',
  'client secret', 'openai api key', 'auth token', 'secret key', 'access token', 'npm token', 'sendgrid api key',
];
const secretName = (r: Rng): string => r.pick(SECRET_NAMES);

const LOREM = [
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit.',
  'Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.',
  'Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris.',
  'Duis aute irure dolor in reprehenderit in voluptate velit esse cillum.',
  'Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia.',
  'Curabitur pretium tincidunt lacus, nulla gravida orci a odio.',
];

/** Raw lines by family, each built from a random secret-sounding name. */
function byName(lines: Partial<Record<Family, ((name: string, r: Rng) => string)[]>>): Partial<Record<Family, RawLine[]>> {
  const out: Partial<Record<Family, RawLine[]>> = {};
  for (const [fam, fns] of Object.entries(lines) as [Family, ((name: string, r: Rng) => string)[]][]) {
    out[fam] = fns.map((fn) => (_v: string, r: Rng) => fn(secretName(r), r));
  }
  return out;
}

const pub = (label: string, prefix: string, n: number, width = 64) => (r: Rng): string => {
  const body = prefix + r.str(B64, n - prefix.length);
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += width) lines.push(body.slice(i, i + width));
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join('\n');
};

function pgpPublic(r: Rng): string {
  const body = 'mQINBG' + r.str(B64, 1200);
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  return ['-----BEGIN PGP PUBLIC KEY BLOCK-----', '', ...lines, `=${r.str(B64, 4)}`, '-----END PGP PUBLIC KEY BLOCK-----'].join('\n');
}

const pubNames = ['public key', 'jwt public key', 'verification key', 'ca certificate', 'tls certificate'];
const pubBlocks = pemBlocks(pubNames, ['/etc/ssl/certs/ca.pem', 'public.pem', 'server.crt']);

const version = (r: Rng): string =>
  `${r.range(0, 24)}.${r.range(0, 40)}.${r.range(0, 30)}${r.pick(['', '', '', '-beta.' + r.range(1, 9), '-rc.' + r.range(1, 5)])}`;

const near = (prefix: string, alphabet: string, lo: number, hi: number) => (r: Rng): string => prefix + r.str(alphabet, r.range(lo, hi));

export const DECOY_SPECS: ItemSpec[] = [
  // Documentation example keys and placeholders
  D('aws', 'aws-documentation-example', (r) => r.pick(['AKIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE']), ['aws access key id'], { weight: 0.5 }),
  D('aws', 'aws-documentation-example', (r) => r.pick(['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY']), ['aws secret access key'], { weight: 0.5 }),
  D('aws', 'aws-example-suffix', (r) => 'AKIA' + r.str(B32, 9) + 'EXAMPLE', ['aws access key id', 'example access key']),
  D('placeholder', 'placeholder-x', (r) => r.pick(['x', 'X']).repeat(r.range(8, 40)), SECRET_NAMES, { weight: 0.5 }),
  D('placeholder', 'placeholder-x', (r) => r.pick(['xxxx-xxxx-xxxx-xxxx', 'XXXX-XXXX-XXXX', '0'.repeat(32), '0000000000000000', 'aaaaaaaaaaaaaaaaaaaaaaaa']), SECRET_NAMES, { weight: 0.5 }),
  D('github', 'placeholder-masked-token', () => 'ghp_' + 'x'.repeat(36), ['github token'], { weight: 1 / 8 }),
  D('stripe', 'placeholder-masked-token', (r) => 'sk_live_' + r.pick(['X', 'x', '0']).repeat(24), ['stripe secret key'], { weight: 1 / 8 }),
  D('slack', 'placeholder-masked-token', () => 'xoxb-0000000000-0000000000000-XXXXXXXXXXXXXXXXXXXXXXXX', ['slack bot token'], { weight: 1 / 8 }),
  D('gcp', 'placeholder-masked-token', () => 'AIza' + 'X'.repeat(35), ['google api key'], { weight: 1 / 8 }),
  D('gitlab', 'placeholder-masked-token', () => 'glpat-' + 'x'.repeat(20), ['gitlab token'], { weight: 1 / 8 }),
  D('npm', 'placeholder-masked-token', () => 'npm_' + 'X'.repeat(36), ['npm token'], { weight: 1 / 8 }),
  D('aws', 'placeholder-masked-token', () => 'AKIA' + 'X'.repeat(16), ['aws access key id'], { weight: 1 / 8 }),
  D('openai', 'placeholder-masked-token', () => 'sk-proj-' + 'x'.repeat(48), ['openai api key'], { weight: 1 / 8 }),
  D('placeholder', 'placeholder-angle-brackets', (r) => r.pick(['<your-token>', '<YOUR_API_KEY>', '<password>', '<insert-secret-here>', '<client-secret>', '<token>']), SECRET_NAMES, { raw: { npmrc: [(v) => `//registry.npmjs.org/:_authToken=${v}`] } }),
  D('placeholder', 'placeholder-text', (r) => r.pick(['your-api-key-here', 'YOUR_SECRET_KEY', 'insert_token_here', 'replace-with-your-token', 'your_password', 'enter-your-key', 'YOUR_GITHUB_TOKEN', 'sk-your-key-here']), SECRET_NAMES, { raw: { npmrc: [(v) => `//npm.pkg.github.com/:_authToken=${v}`] } }),
  D('placeholder', 'placeholder-changeme', (r) => r.pick(['changeme', 'CHANGE_ME', 'change-me', 'replace-me', 'REPLACE_ME', 'TODO', 'placeholder', 'dummy', 'example', 'fill-me-in', 'TBD', 'not-set']), SECRET_NAMES),

  // References to secrets held elsewhere
  D('reference', 'env-interpolation', (r) => r.pick(['${API_KEY}', '${DB_PASSWORD}', '$SECRET_TOKEN', '${STRIPE_SECRET_KEY:-}', '%API_KEY%', '${env:GITHUB_TOKEN}', '${SLACK_BOT_TOKEN}']), SECRET_NAMES),
  D('reference', 'ci-secret-reference', (r) => `\${{ secrets.${upperSnake(secretName(r))} }}`, SECRET_NAMES, { assignIn: ['yaml'] }),
  D('reference', 'template-reference', (r) => r.pick(['{{ .Values.auth.token }}', '{{ vault_db_password }}', '#{apiToken}', '@@SECRET_TOKEN@@', '__API_KEY__', '{{ secrets.stripe_key }}', '{{ .Env.GITHUB_TOKEN }}']), SECRET_NAMES),
  D('reference', 'env-reference', undefined, [], {
    assignIn: NO_ASSIGN,
    raw: byName({
      js: [(n) => `const ${camel(n)} = process.env.${upperSnake(n)};`, (n) => `const ${camel(n)} = process.env['${upperSnake(n)}'] ?? '';`, (n) => `const ${camel(n)} = import.meta.env.VITE_${upperSnake(n)};`],
      py: [(n) => `${snake(n)} = os.environ["${upperSnake(n)}"]`, (n) => `${upperSnake(n)} = os.getenv("${upperSnake(n)}", "")`],
      go: [(n) => `${camel(n)} := os.Getenv("${upperSnake(n)}")`],
      java: [(n) => `String ${camel(n)} = System.getenv("${upperSnake(n)}");`],
      tf: [(n) => `${snake(n)} = var.${snake(n)}`, (n) => `${snake(n)} = data.aws_secretsmanager_secret_version.${snake(n)}.secret_string`],
      properties: [(n) => `${dotted(n)}=\${${upperSnake(n)}}`],
      sh: [(n) => `export ${upperSnake(n)}="$(vault kv get -field=value secret/${kebab(n)})"`, (n) => `${upperSnake(n)}="\${${upperSnake(n)}:?must be set}"`],
      dockerfile: [(n) => `ARG ${upperSnake(n)}`, (n) => `RUN --mount=type=secret,id=${kebab(n)} ./configure.sh`],
      yaml: [(n) => `${snake(n)}: !ENV \${${upperSnake(n)}}`, (n) => `secretKeyRef: { name: app-secrets, key: ${kebab(n)} }`],
      json: [(n) => `"${camel(n)}": "env:${upperSnake(n)}"`],
      xml: [(n) => `<add key="${camel(n)}" value="%${upperSnake(n)}%" />`],
      env: [(n) => `${upperSnake(n)}=\${${upperSnake(n)}_FROM_VAULT}`],
      npmrc: [() => '//registry.npmjs.org/:_authToken=${NPM_TOKEN}'],
      ps1: [(n) => `$${camel(n)} = $env:${upperSnake(n)}`, (n) => `$${camel(n)} = (Get-AzKeyVaultSecret -VaultName 'kv-prod' -Name '${kebab(n)}' -AsPlainText)`],
      cs: [(n) => `private static readonly string ${camel(n)} = Environment.GetEnvironmentVariable("${upperSnake(n)}");`, (n) => `public static string ${cap(camel(n))} => Configuration["${cap(camel(n))}"];`],
      rb: [(n) => `${upperSnake(n)} = ENV.fetch('${upperSnake(n)}')`, (n) => `config.${snake(n)} = Rails.application.credentials.${snake(n)}`],
      php: [(n) => `'${snake(n)}' => env('${upperSnake(n)}'),`, (n) => `'${snake(n)}' => getenv('${upperSnake(n)}') ?: null,`],
    }),
  }),
  D('reference', 'secret-reference-name', (r) => r.pick(['prod/db/credentials', 'projects/acme-prod/secrets/stripe-key/versions/latest', 'kv/data/payments/api', 'db-password', 'arn-style/app/config', `/${word(r)}/prod/api-key`]),
    ['secret name', 'secret id', 'vault path', 'key vault secret name', 'ssm parameter name']),

  // Empty, null, masked, redacted
  D('empty', 'empty-value', () => '', SECRET_NAMES),
  D('empty', 'null-value', undefined, [], {
    assignIn: NO_ASSIGN,
    raw: byName({
      py: [(n) => `${snake(n)} = None`],
      js: [(n) => `let ${camel(n)} = null;`, (n) => `let ${camel(n)}: string | undefined = undefined;`],
      go: [(n) => `var ${camel(n)} string`],
      java: [(n) => `String ${camel(n)} = null;`],
      yaml: [(n) => `${snake(n)}: null`, (n) => `${snake(n)}: ~`],
      json: [(n) => `"${camel(n)}": null`],
      tf: [(n) => `${snake(n)} = null`],
      rb: [(n) => `config.${snake(n)} = nil`],
      php: [(n) => `'${snake(n)}' => null,`],
      cs: [(n) => `public static string? ${cap(camel(n))} { get; set; }`],
      ps1: [(n) => `$${camel(n)} = $null`],
    }),
  }),
  D('masked', 'masked-value', (r) => r.pick(['***', '********', '[REDACTED]', 'REDACTED', '<redacted>', '[hidden]', '(hidden)', '*****']), SECRET_NAMES, { raw: { npmrc: [(v) => `//registry.npmjs.org/:_authToken=${v}`] } }),
  D('masked', 'redacted-token', (r) => r.pick([
    'ghp_' + '*'.repeat(32) + r.str(ALNUM, 4),
    'sk_live_****' + r.str(ALNUM, 4),
    'AKIA************' + r.str(UPPER_ALNUM, 4),
    'xoxb-****-****-' + r.str(ALNUM, 4),
    'sk-...' + r.str(ALNUM, 4),
    'glpat-...' + r.str(ALNUM, 4),
  ]), SECRET_NAMES),

  // Hashes and digests
  D('hash', 'git-sha', (r) => r.hex(40), ['commit', 'git sha', 'git commit', 'revision', 'head sha', 'base sha', 'build commit'], {
    raw: {
      yaml: [(v) => `- uses: actions/setup-node@${v} # v4.0.2`],
      sh: [(v) => `git checkout ${v}`, (v) => `git log --oneline ${v.slice(0, 12)}..${v}`],
      json: [(v) => `"gitHead": "${v}"`],
    },
  }),
  D('hash', 'sha256-checksum', (r) => r.hex(64), ['sha256', 'checksum', 'sha256 checksum', 'archive sha256', 'expected digest'], {
    raw: {
      sh: [(v) => `echo "${v}  node-v20.11.1-linux-x64.tar.xz" | sha256sum -c -`],
      dockerfile: [(v) => `RUN echo "${v}  /tmp/tool.tgz" | sha256sum -c -`],
      tf: [(v) => `source_code_hash = "${v}"`],
    },
  }),
  D('hash', 'md5-checksum', (r) => r.hex(32), ['md5', 'md5 checksum', 'content md5', 'etag']),
  D('hash', 'npm-integrity', (r) => 'sha512-' + r.str(B64, 86) + '==', ['integrity'], {
    assignIn: NO_ASSIGN,
    raw: {
      json: [(v) => `"integrity": "${v}"`],
      yaml: [(v) => `resolution: {integrity: ${v}}`],
      js: [(v) => `// integrity ${v}`],
    },
  }),
  D('hash', 'subresource-integrity', (r) => 'sha384-' + r.str(B64, 64), [], {
    assignIn: NO_ASSIGN,
    raw: { html: [(v, r) => `<script src="https://cdn.jsdelivr.net/npm/${word(r)}-kit@${version(r)}/dist/index.min.js" integrity="${v}" crossorigin="anonymous"></script>`] },
  }),
  D('hash', 'terraform-lock-hash', (r) => r.pick(['h1:' + r.str(B64, 43) + '=', 'zh:' + r.hex(64)]), [], { assignIn: NO_ASSIGN, raw: { tf: [(v) => `# provider hash "${v}"`] } }),
  D('hash', 'container-digest', (r) => `sha256:${r.hex(64)}`, [], {
    assignIn: NO_ASSIGN,
    raw: {
      dockerfile: [(v) => `FROM node:20-alpine@${v} AS runtime`],
      yaml: [(v, r) => `image: ghcr.io/acme/${word(r)}@${v}`],
      tf: [(v, r) => `image = "ghcr.io/acme/${word(r)}@${v}"`],
    },
  }),

  // Identifiers that are public or not credentials
  D('identifier', 'uuid-identifier', (r) => r.uuid(), ['request id', 'trace id', 'tenant id', 'subscription id', 'correlation id', 'workspace id', 'project id', 'client id', 'app id', 'installation id']),
  D('identifier', 'high-entropy-non-secret', (r) => r.str(ALNUM, r.range(20, 32)), ['build id', 'cache buster', 'asset hash', 'chunk hash', 'deployment id', 'etag']),
  D('stripe', 'stripe-publishable-key', (r) => r.pick(['pk_live_', 'pk_test_']) + (r.chance(0.5) ? r.str(ALNUM, 24) : '51' + r.str(ALNUM, 97)), ['stripe publishable key', 'next public stripe publishable key', 'stripe pk']),
  D('twilio', 'twilio-account-sid', (r) => 'AC' + r.hex(32), ['twilio account sid']),
  D('gcp', 'google-oauth-client-id', (r) => `${r.digits(12)}-${r.str(LOWER_ALNUM, 32)}.apps.googleusercontent.com`, ['google client id', 'oauth client id']),
  D('aws', 'aws-arn', (r) => r.pick([`arn:aws:iam::${r.digits(12)}:role/${word(r)}-deployer`, `arn:aws:kms:eu-west-1:${r.digits(12)}:key/${r.uuid()}`, `arn:aws:sns:us-east-1:${r.digits(12)}:${word(r)}-alerts`]), ['role arn', 'kms key arn', 'topic arn']),
  D('aws', 'aws-account-id', (r) => r.digits(12), ['aws account id', 'account id']),
  D('slack', 'slack-object-id', (r) => r.pick(['C', 'U', 'T', 'G']) + '0' + r.str(UPPER_ALNUM, r.range(8, 10)), ['slack channel id', 'alerts channel', 'slack team id', 'oncall user id']),
  D('identifier', 'near-miss-prefix', (r) => r.pick([
    near('ghp_', ALNUM, 6, 20), near('AKIA', B32, 4, 10), near('sk_live_', ALNUM, 4, 10), near('glpat-', ALNUM, 5, 12), near('AIza', ALNUM, 8, 20),
    near('xoxb-', DIGITS, 4, 8), near('npm_', ALNUM, 6, 14), near('hf_', ALNUM, 5, 12), near('dckr_pat_', ALNUM, 4, 10), near('SG.', ALNUM, 6, 10),
  ])(r), ['ref', 'label', 'slug', 'tag', 'marker', 'doc anchor', 'css class', 'fixture id', 'sample prefix']),

  // Public halves of public/secret key pairs, meant to ship in client code
  D('mapbox', 'mapbox-public-token', (r) => `pk.${base64url(JSON.stringify({ u: `${word(r)}${r.range(1, 99)}`, a: 'cl' + r.str(LOWER_ALNUM, 23) }))}.${r.str(B64URL, 22)}`,
    ['mapbox public token', 'next public mapbox token', 'mapbox access token public']),
  D('posthog', 'posthog-project-key', (r) => 'phc_' + r.str(ALNUM, 43), ['posthog project key', 'next public posthog key']),
  D('launchdarkly', 'launchdarkly-client-side-id', (r) => r.hex(24), ['launchdarkly client side id', 'ld client id']),
  D('google', 'recaptcha-site-key', (r) => '6L' + r.str(B64URL, 38), ['recaptcha site key', 'next public recaptcha site key']),
  D('supabase', 'supabase-publishable-key', (r) => 'sb_publishable_' + r.str(B64URL, 31), ['supabase publishable key', 'next public supabase key']),
  D('supabase', 'supabase-anon-key', (r) => {
    const iat = 1_700_000_000 + r.int(60_000_000);
    const payload = { iss: 'supabase', ref: r.str('abcdefghijklmnopqrst', 20), role: 'anon', iat, exp: iat + 315_360_000 };
    return `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(JSON.stringify(payload))}.${r.str(B64URL, 43)}`;
  }, ['supabase anon key', 'next public supabase anon key', 'vite supabase anon key']),
  D('algolia', 'algolia-search-only-key', (r) => r.hex(32), ['algolia search api key', 'next public algolia search key']),
  D('sentry', 'sentry-dsn', (r) => `https://${r.hex(32)}@o${r.digits(6)}.ingest.${r.pick(['', 'us.', 'de.'])}sentry.io/${r.digits(7)}`, ['sentry dsn', 'next public sentry dsn']),
  D('wireguard', 'wireguard-public-key', (r) => r.str(B64, 42) + r.pick(['A', 'E', 'I', 'M', 'Q', 'U', 'Y', 'c', 'g', 'k', 'o', 's', 'w', '0', '4', '8']) + '=', ['wireguard public key', 'peer public key'],
    { raw: { ini: [(v) => `PublicKey = ${v}`] } }),
  D('code', 'non-secret-key-name', undefined, [], {
    assignIn: NO_ASSIGN,
    raw: {
      py: [() => 'partition_key = "tenant_id"', () => 'PRIMARY_KEY = "id"'],
      js: [() => "const sortKey = 'createdAt';", () => "const cacheKey = `user:${userId}:profile`;"],
      tf: [() => 'hash_key = "pk"', () => 'range_key = "sk"'],
      yaml: [() => 'partition_key: tenant_id', () => 'api_key_header: X-Api-Key'],
      json: [() => '"primaryKey": "id"', () => '"auth.password.tooShort": "Password must be at least 12 characters"'],
      java: [() => 'String cacheKey = "session:" + sessionId;'],
      go: [() => 'sortKey := "created_at"'],
      properties: [() => 'auth.password.too-short=Password must be at least 12 characters'],
      env: [() => 'IDEMPOTENCY_KEY_HEADER=Idempotency-Key'],
    },
  }),
  D('identifier', 'idempotency-key', (r) => r.uuid(), ['idempotency key', 'dedupe key']),

  // High-entropy text that is public by nature
  D('crypto', 'public-jwk-modulus', (r) => r.str(B64URL, 342), [], {
    assignIn: NO_ASSIGN,
    raw: {
      json: [(v, r) => `"keys": [{ "kty": "RSA", "use": "sig", "kid": "${r.hex(16)}", "alg": "RS256", "e": "AQAB", "n": "${v}" }]`],
      js: [(v) => `const jwks = { keys: [{ kty: 'RSA', e: 'AQAB', n: '${v}' }] };`],
      py: [(v) => `JWKS = {"keys": [{"kty": "RSA", "e": "AQAB", "n": "${v}"}]}`],
    },
  }),
  D('web', 'csp-hash', (r) => `'sha256-${r.str(B64, 43)}='`, [], {
    assignIn: NO_ASSIGN,
    raw: {
      html: [(v) => `<meta http-equiv="Content-Security-Policy" content="script-src 'self' ${v}">`],
      js: [(v) => `res.setHeader('Content-Security-Policy', "script-src 'self' ${v}");`],
      yaml: [(v) => `content_security_policy: "script-src 'self' ${v}"`],
    },
  }),
  D('blockchain', 'blockchain-address-or-hash', (r) => r.pick(['0x' + r.hex(40), '0x' + r.hex(64)]), ['contract address', 'token contract', 'tx hash', 'block hash', 'treasury address', 'genesis hash']),
  D('web', 'sourcemap-mappings', (r) => {
    const seg = () => r.str('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', r.range(4, 8));
    const groups: string[] = [];
    for (let i = 0; i < r.range(20, 40); i++) groups.push(Array.from({ length: r.range(1, 5) }, seg).join(','));
    return groups.join(';');
  }, [], { assignIn: NO_ASSIGN, raw: { json: [(v) => `"mappings": "${v}"`], js: [(v) => `//# sourceMappingURL=data:application/json;base64,${base64(`{"version":3,"mappings":"${v.slice(0, 60)}"}`)}`] } }),
  D('code', 'password-policy-regex', (r) => r.pick(['^(?=.*[A-Z])(?=.*[a-z])(?=.*\\d)(?=.*[^A-Za-z0-9]).{12,}$', '^[A-Za-z0-9+/]{40}$', '^ghp_[A-Za-z0-9]{36}$', '^(?=.*\\d)[\\w!@%^*-]{8,64}$']),
    ['password regex', 'password pattern', 'token pattern', 'api key format']),
  D('web', 'csrf-template-field', undefined, [], {
    assignIn: NO_ASSIGN,
    raw: {
      html: [() => '<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">', () => '<meta name="csrf-token" content="<%= form_authenticity_token %>">'],
      py: [() => 'csrf_token = request.form.get("csrf_token")'],
    },
  }),

  // Encoded media and text
  D('encoded', 'data-uri', (r) => `data:image/${r.pick(['png', 'gif', 'webp'])};base64,${r.pick(['iVBORw0KGgoAAAANSUhEUgAA', 'R0lGODlhAQABAIAAAP', 'UklGRlYAAABXRUJQVlA4'])}${r.str(B64, r.range(40, 240))}=`,
    ['logo', 'icon', 'placeholder image', 'avatar fallback', 'spinner'], {
      raw: {
        css: [(v) => `background-image: url("${v}");`],
        html: [(v) => `<link rel="icon" href="${v}">`],
      },
    }),
  D('encoded', 'base64-text', (r) => base64(r.pick([
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M${r.range(1, 9)} ${r.range(1, 9)}h${r.range(2, 12)}v${r.range(2, 12)}H${r.range(1, 9)}z"/></svg>`,
    `Hello from the ${word(r)} service! Build ${version(r)}`,
    `${word(r)},${word(r)},${word(r)}\n1,2,3\n`,
  ])), ['icon svg', 'banner', 'sample payload', 'welcome text', 'csv header']),
  D('encoded', 'base64-json-not-jwt', (r) => base64(JSON.stringify({ theme: r.pick(['dark', 'light']), page: r.range(1, 50), filters: [word(r), word(r)] })).replace(/=+$/, ''),
    ['default state', 'encoded filters', 'initial config']),

  // Styling, versions, prose
  D('style', 'css-colour', (r) => '#' + r.hex(r.pick([3, 6, 6, 8])), ['primary color', 'accent color', 'brand color', 'border color'], {
    raw: { css: [(v) => `color: ${v};`, (v) => `background-color: ${v};`, (v) => `border: 1px solid ${v};`] },
  }),
  D('version', 'version-string', version, ['version', 'app version', 'api version', 'node version', 'chart version', 'sdk version'], {
    raw: {
      json: [(v, r) => `"${r.pick(['typescript', 'react', 'express', 'zod'])}": "^${v}"`],
      dockerfile: [(v) => `FROM python:${v.split('-')[0]}-slim AS builder`],
    },
  }),
  D('prose', 'lorem-ipsum', (r) => r.pick(LOREM), ['description', 'tagline', 'placeholder text', 'summary'], {
    raw: { html: [(v) => `<meta name="description" content="${v}">`], css: [(v) => `/* ${v} */`] },
  }),

  // Code that mentions secrets without holding one
  D('code', 'secret-keyword-code', undefined, [], {
    assignIn: NO_ASSIGN,
    raw: {
      js: [
        () => 'const tokenizer = new Tokenizer({ lowercase: true });',
        () => "const passwordField = form.elements.namedItem('password');",
        () => 'if (password.length < MIN_PASSWORD_LENGTH) return false;',
        () => 'const secretManager = new SecretManagerServiceClient();',
        () => 'return jwt.verify(token, publicKey, { algorithms: ["RS256"] });',
        () => 'const { accessToken, refreshToken } = await refreshSession(session);',
        () => 'setToken(response.data.token);',
        () => 'const apiKey = req.header("x-api-key");',
      ],
      py: [
        () => 'password_field = form.password',
        () => 'tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")',
        () => 'secret = client.get_secret_value(SecretId=secret_name)["SecretString"]',
        () => 'self.api_key = api_key',
        () => 'hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())',
        () => 'token = request.headers.get("Authorization", "").removeprefix("Bearer ")',
      ],
      go: [
        () => 'token, err := oauthConfig.Exchange(ctx, code)',
        () => 'password := r.FormValue("password")',
        () => 'apiKey := cfg.APIKey',
        () => 'secret, err := sm.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: &name})',
      ],
      java: [
        () => 'String password = request.getParameter("password");',
        () => 'char[] password = console.readPassword("Password: ");',
        () => 'Tokenizer tokenizer = new Tokenizer(vocabulary);',
        () => 'String token = authHeader.substring("Bearer ".length());',
      ],
      sh: [
        () => 'read -rsp "Password: " PASSWORD',
        () => 'TOKEN=$(gh auth token)',
        () => 'export AWS_SECRET_ACCESS_KEY=$(aws configure get aws_secret_access_key)',
        () => 'NPM_TOKEN="$(cat /run/secrets/npm_token)"',
      ],
      tf: [() => 'password = random_password.db.result', () => 'secret_id = aws_secretsmanager_secret.db.id'],
      ini: [() => 'credential_process = /usr/local/bin/aws-vault exec prod --json'],
    },
  }),
  D('code', 'secret-keyword-setting', undefined, [], {
    assignIn: NO_ASSIGN,
    raw: {
      yaml: [() => 'password_policy: strict', () => 'token_endpoint: https://oauth2.googleapis.com/token', () => 'auth_method: client_secret_basic', () => 'token_ttl_seconds: 3600'],
      env: [() => 'TOKEN_URL=https://auth.acme.internal/oauth/token', () => 'PASSWORD_MIN_LENGTH=12', () => 'AUTH_TYPE=api_key', () => 'SECRET_ROTATION_DAYS=30'],
      properties: [() => 'spring.security.oauth2.client.provider.okta.token-uri=https://acme.okta.com/oauth2/v1/token', () => 'password.min-length=12', () => 'token.expiry.minutes=60'],
      json: [() => '"tokenEndpoint": "https://login.microsoftonline.com/common/oauth2/v2.0/token"', () => '"passwordMinLength": 12', () => '"apiKeyHeader": "X-API-Key"'],
      xml: [() => '<add key="TokenLifetimeMinutes" value="60" />', () => '<add key="PasswordResetUrl" value="/account/reset-password" />'],
      toml: [() => 'password_hash_rounds = 12', () => 'token_header = "Authorization"'],
      py: [() => 'PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]', () => 'TOKEN_TYPE = "Bearer"'],
      js: [() => "export const TOKEN_STORAGE_KEY = 'auth.token';", () => "const PASSWORD_RESET_PATH = '/account/reset-password';"],
      go: [() => 'const tokenHeader = "X-Auth-Token"'],
      java: [() => 'final int PASSWORD_MIN_LENGTH = 12;'],
      dockerfile: [() => 'ENV PASSWORD_HASH_ROUNDS=12'],
      sh: [() => 'TOKEN_FILE="$HOME/.config/acme/token"'],
      tf: [() => 'secret_recovery_window_in_days = 7'],
      npmrc: [() => 'always-auth=true'],
    },
  }),
  D('code', 'test-fixture-name', undefined, [], {
    assignIn: NO_ASSIGN,
    raw: {
      js: [
        () => "it('rejects an expired access token', async () => { await expectUnauthorized(); });",
        () => "const fixture = loadFixture('aws_credentials_invalid.json');",
        () => "test.skip('rotates the api key every 30 days', () => {});",
      ],
      py: [
        () => 'FIXTURE = Path(__file__).parent / "fixtures" / "expired_token.json"',
        () => '@pytest.mark.parametrize("secret_name", ["db_password", "api_token"])',
      ],
      go: [() => 't.Run("rejects_expired_token", func(t *testing.T) { t.Skip("flaky") })'],
      java: [() => 'assertThrows(InvalidTokenException.class, () -> parser.parse("not-a-token"));'],
      sh: [() => 'bats test/secret_rotation.bats'],
      yaml: [() => 'fixture: fixtures/private_key_invalid.pem'],
      json: [() => '"testMatch": ["**/token-*.spec.ts", "**/password-*.spec.ts"]'],
    },
  }),
  D('code', 'doc-comment', undefined, [], {
    assignIn: NO_ASSIGN,
    raw: {
      js: [() => '// The API key is read from the environment; never commit it.', () => '// Set SLACK_BOT_TOKEN (starts with xoxb-) before running locally.'],
      py: [() => '# password: see the "Infra" vault in 1Password', () => '# Export OPENAI_API_KEY=sk-... before running this script'],
      sh: [() => '# usage: GITHUB_TOKEN=ghp_... ./release.sh', () => '# Requires AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment'],
      env: [() => '# STRIPE_SECRET_KEY=sk_live_... (set in the deploy platform, not here)', () => '# Get a token at https://github.com/settings/tokens'],
      yaml: [() => '# api_key: set via the SECRET_API_KEY variable'],
      go: [() => '// token is loaded from Vault at startup'],
      java: [() => '// The client secret comes from the KeyVault reference'],
      properties: [() => '# db password is injected by the platform'],
      tf: [() => '# The admin password lives in Secrets Manager'],
      dockerfile: [() => '# Pass NPM_TOKEN as a build secret, never as an ARG'],
      toml: [() => '# token = "set with: netlify env:set TOKEN"'],
    },
  }),

  // Public keys and certificates
  D('crypto', 'public-key-pem', pub('PUBLIC KEY', 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA', 392), pubNames, { block: pubBlocks, assignIn: ['env', 'json'] }),
  D('crypto', 'rsa-public-key-pem', pub('RSA PUBLIC KEY', 'MIIBCgKCAQEA', 360), pubNames, { block: pubBlocks, assignIn: ['json'] }),
  D('crypto', 'certificate-pem', pub('CERTIFICATE', 'MIID', 1196 + 4 * 10), pubNames, { block: pubBlocks, assignIn: ['env', 'json'] }),
  D('crypto', 'pgp-public-key', pgpPublic, ['pgp public key', 'gpg public key'], { block: pemBlocks(['pgp public key', 'gpg public key'], ['pubkey.asc']), assignIn: NO_ASSIGN }),
  D('crypto', 'ssh-public-key', (r) => r.pick([
    `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ${r.str(B64, 514)} ${word(r)}@${word(r)}-laptop`,
    `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.str(B64, 43)} deploy@ci`,
    `ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB${r.str(B64, 88)}= ${word(r)}@bastion`,
  ]), ['ssh public key', 'authorized key', 'deploy key pub'], {
    raw: { sh: [(v) => `echo '${v}' >> ~/.ssh/authorized_keys`], pem: [(v) => v] },
  }),

  // URIs without a usable password
  D('database', 'uri-without-password', (r) => r.pick([
    'postgres://localhost:5432/app', 'postgresql://app@db:5432/app', 'mysql://root@localhost/test', `mongodb+srv://cluster0.${r.str(LOWER_ALNUM, 5)}.mongodb.net/app?retryWrites=true`,
    'redis://cache:6379/0', 'amqp://rabbitmq:5672', `postgres://${word(r)}-db.internal:5432/${word(r)}`, 'sqlite:///var/lib/app/app.db',
  ]), ['database url', 'db url', 'redis url', 'broker url', 'mongo url']),
  D('database', 'uri-password-placeholder', (r) => r.pick([
    'postgres://app:${DB_PASSWORD}@db:5432/app', 'postgresql://{user}:{password}@{host}:{port}/{db}', 'mysql://root:<password>@localhost:3306/test',
    'mongodb+srv://admin:<db_password>@cluster0.abcde.mongodb.net/', 'amqp://app:%s@%s:5672/', 'redis://:${REDIS_PASSWORD}@redis:6379', 'postgres://user:****@db.internal/app',
  ]), ['database url', 'db url', 'redis url', 'broker url', 'mongo url']),

  // What application code writes near a secret-sounding name (#15)
  ...APP_CODE_DECOYS,
];
