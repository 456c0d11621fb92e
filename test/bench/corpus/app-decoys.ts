// Decoys from application code (#15): what web applications and their tests, seeders and docs
// write near a secret-sounding name without holding a secret. Each family is written in the
// languages and file kinds where it occurs; values are drawn from the PRNG, so each seed reads
// differently.
import { HEX, Rng } from './rng.js';
import { WORDS, camel, cap, snake } from './langs.js';
import type { Family, ItemSpec, RawLine } from './types.js';

const word = (r: Rng): string => r.pick(WORDS);
const NO_ASSIGN: Family[] = [];
const B64CRYPT = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Names of fields that hold or describe secrets, as models and serializers list them. */
const FIELD_NAMES = [
  'password', 'password hash', 'hashed password', 'password history', 'reset password token', 'session token', 'email verify token',
  'api token digest', 'remember token', 'confirmation token', 'unlock token', 'auth secret', 'otp secret', 'refresh token',
];
const fields = (r: Rng, style: (s: string) => string, prefix = ''): string[] => {
  const picked = new Set<string>();
  const n = r.range(2, 5);
  while (picked.size < n) picked.add(prefix + style(r.pick(FIELD_NAMES)));
  return [...picked];
};
const quoted = (xs: string[], q = "'"): string => xs.map((x) => `${q}${x}${q}`).join(', ');

const DOMAINS = ['example.com', 'acme.io', 'shop.test', 'mail.example.org', 'corp.example.net', 'users.dev'];
const FIRST = ['alice', 'bob', 'maria', 'kim', 'li', 'sam', 'noor', 'jan', 'olga', 'raj', 'ops', 'qa', 'admin', 'support'];
const email = (r: Rng): string => `${r.pick(FIRST)}${r.pick(['', '.', '_', '+'])}${r.pick([r.pick(FIRST), word(r), String(r.range(1, 99))])}@${r.pick(DOMAINS)}`;

const bcrypt = (r: Rng): string => `$2${r.pick(['y', 'a', 'b'])}$${r.pick(['10', '12', '04'])}$${r.str(B64CRYPT, 53)}`;
const argon2 = (r: Rng): string => `$argon2id$v=19$m=65536,t=${r.range(2, 4)},p=${r.range(1, 4)}$${r.str(B64CRYPT.slice(2), 22)}$${r.str(B64CRYPT.slice(2), 43)}`;
const pbkdf2 = (r: Rng): string => `pbkdf2_sha256$${r.pick(['600000', '870000', '260000'])}$${r.str(B64CRYPT.slice(2), 22)}$${r.str(B64CRYPT.slice(2), 43)}=`;
const shaCrypt = (r: Rng): string => `$6$${r.str(B64CRYPT, 16)}$${r.str(B64CRYPT, 86)}`;
const passwordHash = (r: Rng): string => r.pick([bcrypt, bcrypt, argon2, pbkdf2, shaCrypt])(r);

const RULES = ['required', 'string', 'confirmed', 'nullable', 'sometimes', 'alpha_num', 'different:current_password', 'same:password_confirmation'];
const validation = (r: Rng): string => {
  const parts = new Set<string>([r.pick(['required', 'nullable', 'sometimes'])]);
  while (parts.size < r.range(2, 4)) parts.add(r.pick(RULES));
  parts.add(r.pick([`min:${r.range(6, 16)}`, `max:${r.pick([64, 128, 255])}`, `between:${r.range(6, 10)},${r.range(64, 128)}`]));
  return [...parts].join('|');
};

const ORDINALS = ['thirty-two', 'sixty-four', 'sixteen', 'forty-eight'];
const placeholder = (r: Rng): string => r.pick([
  () => `${r.pick(['not', 'only', 'just'])}-a-${word(r)}-${r.pick(['secret', 'key', 'token'])}-${r.range(1, 99)}`,
  () => `${r.pick(ORDINALS)}-character-${r.pick(['secret', 'signing-key', 'session-key'])}-${r.pick(['string', 'value', 'here'])}`,
  () => `${r.pick(['test', 'local', 'dev', 'ci'])}${cap(word(r))}${r.pick(['Secret', 'Token', 'SigningKey', 'Password'])}${r.range(1, 9)}`,
  () => `${r.pick(['BASE32', 'BASE64', 'HEX'])}ENCODED${r.pick(['SECRET', 'TOTPSECRET', 'SIGNINGKEY'])}`,
  () => `${r.pick(['ios', 'android', 'web'])}${r.pick(['Device', 'Push', ''])}Token${r.range(1, 9)}`,
])();

const urn = (r: Rng): string => `urn:uuid:${r.uuid()}`;

/** Raw lines by family, each given a random field name. */
function named(lines: Partial<Record<Family, ((name: string, r: Rng) => string)[]>>, names: string[]): Partial<Record<Family, RawLine[]>> {
  const out: Partial<Record<Family, RawLine[]>> = {};
  for (const [fam, fns] of Object.entries(lines) as [Family, ((name: string, r: Rng) => string)[]][]) {
    out[fam] = fns.map((fn) => (_v: string, r: Rng) => fn(r.pick(names), r));
  }
  return out;
}

const D = (format: string, extra: Omit<ItemSpec, 'kind' | 'provider' | 'format'>): ItemSpec => ({ kind: 'decoy', provider: 'app-code', format, ...extra });

export const APP_CODE_DECOYS: ItemSpec[] = [
  D('field-name-list', {
    assignIn: NO_ASSIGN,
    raw: {
      js: [(_v, r) => `const ${camel(`protected ${word(r)} fields`)} = [${quoted(fields(r, snake, '_'))}];`, (_v, r) => `  omit: [${quoted(fields(r, camel))}] },`],
      py: [(_v, r) => `    exclude = (${quoted(['id', ...fields(r, snake)], '"')})`, (_v, r) => `SENSITIVE_FIELDS = [${quoted(fields(r, snake))}]`],
      php: [(_v, r) => `protected $hidden = [${quoted(fields(r, snake))}];`],
      rb: [(_v, r) => `  filter_parameters += [${fields(r, snake).map((f) => `:${f}`).join(', ')}, '${snake(r.pick(FIELD_NAMES))}']`],
      go: [(_v, r) => `var redacted = []string{${quoted(fields(r, camel), '"')}}`],
      java: [(_v, r) => `private static final List<String> HIDDEN = List.of(${quoted(fields(r, camel), '"')});`],
      md: [(_v, r) => `* Faster checks for ${fields(r, camel).map((f) => `\`${f}\``).join(', ')} (#${r.range(100, 9999)})`],
      yaml: [(_v, r) => `exclude: [${quoted(fields(r, snake), '"')}]`],
    },
  }),
  D('email-under-secret-name', {
    value: email,
    names: ['password reset email', 'token owner', 'secret contact', 'api key owner', 'password recipient'],
    assignIn: ['js', 'py', 'go', 'java', 'rb', 'php', 'yaml', 'json'],
    raw: named({
      js: [(n, r) => `await Parse.User.${camel(`request ${n}`)}('${email(r)}');`, (_n, r) => `expect(await verifyPassword('${email(r)}', '${word(r)}', true)).toBe(false);`],
      py: [(_n, r) => `    send_password_reset(email="${email(r)}")`],
      php: [(_n, r) => `$this->post('/forgot', ['password_reset_email' => '${email(r)}']);`],
      rb: [(_n, r) => `  user.send_reset_password_instructions('${email(r)}')`],
      java: [(_n, r) => `userService.resetPassword("${email(r)}");`],
      go: [(_n, r) => `	err := svc.ResetPassword(ctx, "${email(r)}")`],
    }, FIELD_NAMES),
  }),
  D('code-expression', {
    assignIn: NO_ASSIGN,
    raw: named({
      js: [(n) => `    config.${camel(`generate ${n} expires at`)} = config.${camel(`generate ${n} expires at`)}.bind(`, (n) => `const ${cap(camel(n))} = appBookshelf.Model.extend(`],
      rb: [(n) => `    token = user.${snake(n)}!`, (n) => `    secret = record.${snake(n)}?`],
      php: [(n) => `        $token = $this->session->${snake(n)};`],
      py: [(n) => `    secret = self.request.${snake(n)}.strip()`],
    }, FIELD_NAMES),
  }),
  D('built-string', {
    assignIn: NO_ASSIGN,
    raw: named({
      js: [(n, r) => `  installation.set('${camel(`device ${n}`)}', '${snake(`device ${n}`)}_' + ${camel(word(r))}s.length);`, (n, r) => `const ${camel(n)} = '${snake(n)}-' + ${camel(word(r))}Id;`],
      php: [(n) => `        $${camel(n)} = '${snake(n)}_' . $user->id;`],
      rb: [(n) => `    ${snake(n)} = '${snake(n)}-' + SecureRandom.hex(4)`],
      py: [(n) => `    ${snake(n)} = "${snake(n)}_%s" % index`],
      java: [(n) => `String ${camel(n)} = "${snake(n)}_" + System.nanoTime();`],
    }, ['api token', 'session token', 'auth secret', 'device token']),
  }),
  D('identifier-token', {
    assignIn: NO_ASSIGN,
    raw: {
      js: [(_v, r) => `  installation.set('deviceToken', '${r.str(HEX, 64)}');`, (_v, r) => `      'Lock-Token': '${urn(r)}',`, (_v, r) => `  tokenSource: '${r.pick(['cookie', 'header', 'query'])}:${snake(`${word(r)} session`)}',`],
      go: [(_v, r) => `	TokenLookup: "${r.pick(['header:X-CSRF-Token', 'form:_csrf', 'query:token', 'cookie:_csrf'])}",`, (_v, r) => `	pushToken := "${r.str(HEX, 64)}"`],
      php: [(_v, r) => `    private $storageKey = '_${word(r)}${r.range(2, 9)}_attributes';`],
      java: [(_v, r) => `        String deviceToken = "${r.str(HEX, 64)}";`],
      py: [(_v, r) => `    lock_token = "${urn(r)}"`],
      rb: [(_v, r) => `  push_token: '${r.str(HEX, 64)}',`],
    },
  }),
  D('password-hash', {
    value: passwordHash,
    names: ['password', 'encrypted password', 'password hash', 'hashed password', 'password digest'],
    assignIn: ['js', 'py', 'rb', 'php', 'yaml', 'json', 'go', 'java'],
    raw: {
      php: [(v) => `            'password' => '${v}',`],
      rb: [(v) => `  encrypted_password: '${v}',`],
    },
  }),
  D('validation-rule', {
    value: validation,
    names: [],
    assignIn: NO_ASSIGN,
    raw: {
      php: [(v) => `            'password' => '${v}',`, (v) => `            'new_password' => '${v}',`],
      js: [(v) => `  password: '${v}',`],
      rb: [(v) => `  validates :password, format: '${v}'`],
    },
  }),
  D('token-syntax-table', {
    assignIn: NO_ASSIGN,
    raw: {
      go: [(_v, r) => `		{token: "${word(r)}${r.range(10, 99)}=${word(r)}", want: ${r.pick(['false', 'true'])}},`],
      js: [(_v, r) => `  { token: '${cap(word(r))}:${word(r)}-${word(r)}', valid: false },`],
      py: [(_v, r) => `    ("${word(r)}_token", "${word(r)}${r.range(10, 99)}=${word(r)}", False),`],
    },
  }),
  D('self-describing-placeholder', {
    value: placeholder,
    names: ['signing key', 'session secret', 'jwt secret', 'secret key', 'api token', 'device token'],
    assignIn: ['js', 'py', 'go', 'java', 'rb', 'php', 'yaml', 'json', 'md'],
  }),
  D('prose-identifier', {
    assignIn: NO_ASSIGN,
    raw: {
      md: [
        (_v, r) => `- \`${camel(`${word(r)} token`)}\`, \`${camel(`revocable ${word(r)} token`)}V${r.range(2, 4)}\` are now returned by \`/${word(r)}\` (#${r.range(100, 9999)})`,
        (_v, r) => `The token (\`${camel(`bearer ${word(r)} token`)}${r.range(2, 9)}\`) is sent with every request.`,
        (_v, r) => `- secret: ${camel(`rotate ${word(r)} secrets`)}V${r.range(2, 4)} is on by default`,
      ],
    },
  }),
];
