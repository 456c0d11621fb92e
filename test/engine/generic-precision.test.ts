// The context rules on application code (#15): each family of text that names a secret
// without holding one (no finding) beside the true form it resembles (a finding), in several
// languages and file kinds. The values here are made up for these tests.
import { describe, expect, it } from 'vitest';
import { buildConfig } from '../../action/engine/config.js';
import { createDetector } from '../../action/engine/detect.js';
import { isPasswordHash, readsAsIdentifier, valueShape } from '../../action/engine/value-shape.js';

const detector = createDetector({ rules: buildConfig().rules });
const findings = (file: string, text: string) => detector.detect({ file, text });

interface Case {
  file: string;
  line: string;
}

/** Decoy families: text a reviewer reads as no credential. */
const DECOYS: Record<string, Case[]> = {
  'list of field names': [
    { file: 'src/rest/write.js', line: "const protectedFields = ['$inc', '_acl', '_session_token', '_reset_password_token', '_email_verify_token'];" },
    { file: 'src/rest/write.ts', line: "  omit: ['_password_changed_at', '_hashed_password'] }," },
    { file: 'app/models/user.py', line: "    exclude = ('id', 'password_hash', 'api_token_digest')" },
    { file: 'app/Models/User.php', line: "    protected $hidden = ['remember_token', 'password_reset_token'];" },
    { file: 'app/models/account.rb', line: "  FILTERED = %w[id] + ['confirmation_token', 'unlock_password_token']" },
    { file: 'CHANGELOG.md', line: '* Faster address checks for `adminKeyHosts`, `readonlyMasterKeyHosts` (#4120)' },
  ],
  'prose in docs and changelogs': [
    { file: 'docs/guide/auth.md', line: '`clientSecret`: `confidentialClientSecretValue` is what the provider calls it.' },
    { file: 'CHANGELOG.md', line: '- `sessionToken`, `revocableSessionTokenV2` are now returned by `/login` (#812)' },
    { file: 'HISTORY.md', line: '- secret: rotateSigningSecretsV3 is on by default' },
    { file: 'docs/api.md', line: 'The token (`bearerToken4Tests`) is sent on every request.' },
    { file: 'docs/setup.txt', line: 'token: sessionTokenV2Prefix' },
    // Values that are reported in code (see the true forms) need more in a prose file.
    { file: 'README.md', line: "Set `password: 'mydbpass2024'` in `config/local.js` for a local database." },
    { file: 'docs/guide.rst', line: 'api_key: 9f8e7d6c5b4a3f2e' },
  ],
  'e-mail addresses': [
    { file: 'spec/user.spec.js', line: "await Parse.User.requestPasswordReset('alice.smith@shop.test');" },
    { file: 'spec/auth.spec.ts', line: "expect(await verifyPassword('ops+alerts@acme.io', 'not the one', true)).toBe(false);" },
    { file: 'tests/test_reset.py', line: "    send_password_reset(email='maria.lopez@university.edu')" },
    { file: 'tests/Feature/ResetTest.php', line: "        $this->post('/forgot', ['password_reset_email' => 'kim.nguyen@company.co']);" },
    { file: 'spec/mailers/token_spec.rb', line: "    token = 'devops.lead@startup.dev'" },
    { file: 'internal/auth/reset_test.go', line: '	resetToken := "qa-team@widgets.example.net"' },
    { file: 'src/test/java/ResetTest.java', line: '        String tokenOwner = "pat.jones@corp.example.com";' },
  ],
  'code expressions': [
    { file: 'lib/config.js', line: '    cfg.computeSessionTokenExpiry = cfg.computeSessionTokenExpiry.bind(' },
    { file: 'app/models/user.rb', line: '    token = member.invitation_token!' },
    { file: 'lib/models/api-key.js', line: 'const ApiSecret = appBookshelf.Model.extend(' },
    { file: 'app/Http/Kernel.php', line: '        $token = $this->session->csrf_token;' },
  ],
  'arguments that name or find a secret': [
    { file: 'nodes/Webinar/GenericFunctions.js', line: "  const { oauthTokenData } = await this.getCredentials('goToMeetingOAuth2Api');" },
    { file: 'app/Services/Mailer.php', line: "        $key = $this->loadSecret('mailgunV3Api');" },
    { file: 'auth/revoke.py', line: "    client.revoke_token('sessionTokenV2')" },
  ],
  'names of how a secret is handled': [
    { file: 'src/auth/hash.js', line: "const currentPasswordHashPrefix = 'pbkdf2-sha256-v1:';" },
    { file: 'app/token.rb', line: "  TOKEN_SEPARATOR = '.%3A.'" },
  ],
  'built strings': [
    { file: 'spec/push.spec.js', line: "  device.set('deviceToken', 'device_token_' + devices.length);" },
    { file: 'tests/PushTest.php', line: "        $token = 'tok_' . $user->id . '_' . time();" },
    { file: 'lib/tokens.rb', line: "      secret = 'sess-' + SecureRandom.hex(4)" },
    { file: 'test/fixtures.py', line: '    api_key = "key-%s" % index' },
  ],
  'identifiers that are not secrets': [
    { file: 'spec/push.spec.js', line: "  installation.set('deviceToken', 'c5f1d3a2b8e74f6091a3c7e5d2b9f0a4c6e8d1b3a5f7c9e0b2d4f6a8c1e3b5d7');" },
    { file: 'test/http-methods/lock.test.js', line: "      'Lock-Token': 'urn:uuid:7b1e4c2a-93d0-4f6b-a8e5-2c9d1f03b7e4'" },
    { file: 'src/Session/Storage.php', line: "    private $storageKey = '_app3_flashbag';" },
    { file: 'middleware/csrf.go', line: '	TokenLookup: "form:_csrf_field,header:X-XSRF-Token",' },
    { file: 'src/main/java/PushService.java', line: '    String pushToken = "0f9e8d7c6b5a49382716f5e4d3c2b1a0f9e8d7c6b5a49382716f5e4d3c2b1a0";' },
    { file: 'config/auth.ts', line: "  tokenSource: 'cookie:session_ident'," },
  ],
  'password hashes of a known scheme': [
    { file: 'database/seeders/UserSeeder.php', line: "            'password' => '$2y$10$Jq4uF2c8n1bXvQ7mZr3eYOkP0aT5sW9dL6hG8iC2xE4vB1nM7pKzq'," },
    { file: 'db/seeds.rb', line: "  encrypted_password: '$2a$12$wR8nQ3mX5vB1cZ7kL9pT2uYeH4jF6dS0aG8iO3rN5tM1xC7vB9qLe'," },
    { file: 'fixtures/users.py', line: '    password="pbkdf2_sha256$600000$Qm3xTr8vLp2K$W4bN9cE1dR7fG0hJ5kM2nP8qS3tU6vX1yZ4aB7cD0eF="' },
    { file: 'test/fixtures/users.ts', line: "  passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$Zm9vYmFyYmF6cXV4cXV1eA'," },
    { file: 'etc/shadow-fixture.go', line: '	password := "$6$rounds=5000$Gp1xQ8vN$Y3mK7wZ2rB5tE9cL1sD4fH6jA0uP8nQ3vX5zC7bM2kR9tW1yE4gI6oL8sN0pU2aF3hJ5"' },
  ],
  'validation rules': [
    { file: 'app/Http/Requests/RegisterRequest.php', line: "            'password' => 'required|string|min:12|confirmed'," },
    { file: 'app/Http/Requests/ResetRequest.php', line: "            'new_password' => 'nullable|different:current_password|max:128'," },
  ],
  'test tables of token syntax': [
    { file: 'auth/header_test.go', line: '		{token: "credentials68=trailer", want: false},' },
    { file: 'test/parse.test.ts', line: "  { token: 'Bearer:abc-def', valid: false }," },
  ],
  'self-describing placeholders': [
    { file: 'middleware/session_test.go', line: '	SigningKey: "thirty-two-byte-signing-key-here",' },
    { file: 'test/session.test.js', line: "const secret = 'NotTheRealSessionSecretForTests2';" },
    { file: 'config/test.py', line: 'SECRET_KEY = "django_tests_only_secret_key_value"' },
    { file: 'src/main/resources/application-test.yml', line: '  jwtSecret: "localDevelopmentJwtSigningSecret"' },
    { file: 'lib/mfa.js', line: ' *   "secret": "BASE32ENCODEDTOTPSECRET",' },
    { file: 'spec/push.spec.js', line: "  expect(body).toEqual({'deviceToken':'iosDeviceToken2'});" },
  ],
};

/** True forms: the credential each family resembles, which must still be reported. */
const TRUE_FORMS: Record<string, Case[]> = {
  'a random key under SECRET_KEY': [
    { file: 'settings.py', line: 'SECRET_KEY = "t8$Kq2!vZr5mLx9#Wp4nB7c"' },
    { file: 'config/app.php', line: "    'key' => 'xQ3mK8vL2pR7tW9zB4nC6dF1hJ5gS0aY', 'secret_key' => 'Vd7Lk2Qz9Xm4Rp8Tn3Bw6Cy1'," },
    { file: 'README.md', line: 'SECRET_KEY = "d8G#kq2!Lm5vX7bN4wQz"' },
    { file: 'docs/setup.rst', line: '    api_key: 3fa9c1e07b5d4e8fa2b6c0d9e3f7a1b5c2' },
  ],
  'a password under masterKey': [
    { file: 'spec/helper.js', line: "  masterKey: 'Hm4!pQz8#Lr2Vx7Kt'," },
    { file: 'src/config.ts', line: "export const masterKey = 'N6vQ2xLm9Rk4Tz8P';" },
    { file: 'docs/quickstart.md', line: "    masterKey: 'mK7qZ2xV9pL4rT8w'," },
  ],
  'a call that passes a name and its value': [
    { file: 'spec/push.spec.js', line: "  installation.set('apiToken', 'Zr8Kq2Lm5Vx7Bn3Hj6Wp9Ty4');" },
    { file: 'main.go', line: '	os.Setenv("API_TOKEN", "c9F1e07B3a5D4e8Fa2B6")' },
    { file: 'config.php', line: "define('DB_PASSWORD', 'p7#Kd9!mQ2vLx');" },
    { file: 'lib/client.rb', line: "  client.set_auth_token('Qx7Lm2Vz9Kc4Np8R')" },
  ],
  'a password in a test fixture': [
    { file: 'test/users.test.js', line: "  user.password = 'vR8#kq2Lx9!mZp';" },
    { file: 'tests/test_login.py', line: '    password = "Yt5$Lm8qZ2xK!v"' },
    { file: 'src/test/java/LoginTest.java', line: '        String password = "Wq3!zN8vLm5#Kp";' },
    { file: 'spec/fixtures/users.yml', line: '  password: Kz8vQ2!mLx7#Rt4p' },
  ],
  'a random token in a list-free assignment': [
    { file: 'app/push.rb', line: "  api_token = 'a91f3c7e5b2d4f6a8c0e1b3d5f7a9c2e'" },
    { file: 'cmd/server/main.go', line: '	apiToken := "0f9e8d7c6b5a49382716f5e4d3c2b1a0f9e8d7c6b5a49382716f5e4d3c2b1a0"' },
    { file: 'CHANGELOG.md', line: '- rotated: the old staging api_key was `Zr8Kq2Lm5Vx7Bn3Hj6Wp9Ty4`' },
  ],
  'a key that is a UUID, or has dots in it': [
    { file: 'src/services/deploy.ts', line: 'const herokuAuthToken = "3c1d9e5a-7b2f-4e80-9a6c-d4f1b8e2c7a5";' },
    { file: 'App.config', line: '<add key="VaultToken" value="s.QwErTy7UiOpAsDfGhJkLzXcV" />' },
    { file: 'settings/prod.py', line: 'client = Client(oidc_client_secret="pL_QDm5kxz.ca_Rgi7gYLwqtH2fZ3N")' },
  ],
  'in code, what a prose file must say more clearly': [
    { file: 'test/db.test.js', line: "  password: 'mydbpass2024'," },
    { file: 'config/settings.py', line: 'api_key: "9f8e7d6c5b4a3f2e"' },
    // A .txt file is where credentials are written down in code's forms: not prose.
    { file: 'ops/credentials.txt', line: 'airtable_token = "ktf7xpiq7tm2zsnub"' },
    { file: 'notes.txt', line: "  password: 'mydbpass2024'," },
  ],
  'random letters that happen to hold short words': [
    { file: 'infra/providers.tf', line: '  partner_access_token   = "Qwe7RTZpLmNoUIVbXcaYEdFGhJkSoa"' },
    { file: 'src/client.ts', line: "const token = 'UDPqVlDoUjPaUThYGGIUTDaDeiCFWuqgToGo';" },
  ],
  'a TOTP secret in base32': [{ file: 'test/mfa.test.js', line: "  const secret = 'JBSWY3DPEHPK3PXPQ4ZA';" }],
  'a private key': [{ file: 'test/fixtures/key.js', line: 'const key = `-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEApTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa/2o76umfXfKm\nr5kJP1VrT+1FJors/6ILi8IHn5kxsC7tVO/HbkQfyy/KV5zjR3j1twdTKWTddB+XhkAS1voQG6yy\n-----END RSA PRIVATE KEY-----`;' }],
  'a Basic auth header': [{ file: 'docs/api.md', line: 'curl -H "Authorization: Basic YWRtaW46czNjcjN0UGFzc3dvcmQ=" https://api.acme.io/v1' }],
  'a URI with a password': [
    { file: 'config/database.yml', line: '  url: postgres://app:Tq8vZ3mLx2Rk9@db.internal:5432/app' },
    { file: 'docs/deploy.md', line: 'DATABASE_URL=mysql://shop:hB7kQ2zLm5x@mysql.prod.acme.net/shop' },
  ],
};

describe('context rules on application code (#15)', () => {
  for (const [family, cases] of Object.entries(DECOYS)) {
    it.each(cases)(`no finding: ${family}: $file`, ({ file, line }) => {
      expect(findings(file, line).map((f) => `${f.ruleId} ${f.redacted}`)).toEqual([]);
    });
  }
  for (const [family, cases] of Object.entries(TRUE_FORMS)) {
    it.each(cases)(`finding: ${family}: $file`, ({ file, line }) => {
      expect(findings(file, line).length).toBeGreaterThan(0);
    });
  }
});

describe('value shapes', () => {
  it('reads names built of words as identifiers, random and leetspeak values not', () => {
    for (const v of ['_session_token', 'androidDeviceToken3', 'app:enterPassword', 'header:X-XSRF-Token', '_app3_flashbag', 'Acme(Pro)', 'credentials68=trailer', 'BASE32ENCODEDTOTPSECRET', 'thirty-two-byte-signing-key-here']) {
      expect(readsAsIdentifier(v), v).toBe(true);
    }
    for (const v of ['Zr8Kq2Lm5Vx7Bn3Hj6Wp9Ty4', 'c9f1e07b3a5d4e8fa2b6c0d9e3f7a1b5', 'g3tInCr4zee&stUfF', 'JBSWY3DPEHPK3PXPQ4ZA', 'k3jdoe8fuaiwe7', 'vasjdhbwueyrqpzmxn', 'Summer2024!', 'AQXNnd2hIT6z9bHFzZz2Kp1ghiMz_Rtyuvw', 'QWZXKJHGFDSAPLMNBVC']) {
      expect(readsAsIdentifier(v), v).toBe(false);
    }
  });

  it('names each shape it drops', () => {
    expect(valueShape('maria.lopez@university.edu')).toBe('email');
    expect(valueShape('https://auth.acme.io/oauth/token')).toBe('url');
    expect(valueShape('https://deploy:Tq8vZ3mLx2Rk9@git.acme.io/app.git')).toBeUndefined();
    expect(valueShape('urn:uuid:7b1e4c2a-93d0-4f6b-a8e5-2c9d1f03b7e4')).toBe('uuid-or-urn');
    expect(valueShape('user.reset_token!')).toBe('code');
    expect(valueShape('required|string|min:12')).toBe('validation-rule');
    expect(valueShape('Xk9#mQ2vLp7!')).toBeUndefined();
    expect(isPasswordHash('$2b$12$wR8nQ3mX5vB1cZ7kL9pT2uYeH4jF6dS0aG8iO3rN5tM1xC7vB9qLe')).toBe(true);
    expect(isPasswordHash('$Xk9mQ2vLp7')).toBe(false);
  });
});
