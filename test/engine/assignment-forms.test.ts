// The ways people write an assignment (#14, part 2): for each form, a secret-named name given a
// random-looking literal is found by a context rule, and the finding is exactly the value; the
// same form holding a placeholder, an environment lookup or an identifier gives no finding.
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../action/engine/detect.js';
import { defaultRules } from '../../action/engine/rules/index.js';

// The keyword-context rules: a name that sounds secret, meeting a value. On their own they
// must find each form; in the whole rule set a provider rule may take the value instead.
const contextRules = defaultRules.filter((r) => /^generic-secret-/.test(r.id));
const detector = createDetector({ rules: defaultRules });
const contextDetector = createDetector({ rules: contextRules });
const detect = (file: string, text: string) => detector.detect({ file, text });

interface Form {
  form: string;
  /** The text to scan; `@` stands for the value. */
  text: string;
  value: string;
  /** The same form, with no secret in it. */
  decoy: string;
  file?: string;
}

const FORMS: Form[] = [
  // Go
  { form: 'Go var with a type', text: 'var apiToken string = "@"', value: 'Zr8Kq2Lm5Vx7Bn3Hj6Wp9Ty4', decoy: 'var apiToken string = os.Getenv("API_TOKEN")', file: 'main.go' },
  { form: 'Go short declaration', text: '\tapiToken := "@"', value: 'Hx7Qp2Lm9Vz4Kc8NwR3tY6uB', decoy: '\tapiToken := os.Getenv("API_TOKEN")', file: 'main.go' },
  { form: 'Go struct literal field', text: 'cfg := Config{\n\tAPIToken: "@",\n}', value: 'Qm4Tz8Kx2Wv6Rb9Np3Ls7Hd5', decoy: 'cfg := Config{\n\tAPIToken: "${API_TOKEN}",\n}', file: 'main.go' },
  { form: 'Go []byte conversion', text: 'var signingKey = []byte("@")', value: 'Jz8Lq4Kx2Wm6Vb3Rt9Nc5Hp7', decoy: 'var signingKey = []byte(os.Getenv("SIGNING_KEY"))', file: 'jwt.go' },
  { form: 'Go const in a block', text: 'const (\n\tSigningKey = "@"\n)', value: 'u9Fq3Lz7Xm2Kc5Vb8Nw4Rt6Y', decoy: 'const (\n\tSigningKey = "changeme"\n)', file: 'keys.go' },
  // Rust
  { form: 'Rust let with a type', text: '    let api_token: &str = "@";', value: 'Vd8Lq3Zx7Km2Pw5Tb9Rn4Hc6', decoy: '    let api_token: String = std::env::var("API_TOKEN").unwrap();', file: 'src/main.rs' },
  { form: 'Rust const', text: 'const API_TOKEN: &str = "@";', value: 'Gk5Rw9Tz2Lq7Xm4Vb8Nc3Hp6', decoy: 'const API_TOKEN: &str = "<your-token>";', file: 'src/lib.rs' },
  { form: 'Rust static with a lifetime', text: "pub static CLIENT_SECRET: &'static str = \"@\";", value: 'Tn6Yq2Kz8Lm4Xv7Rb3Wc9Hp5', decoy: "pub static CLIENT_SECRET: &'static str = env!(\"CLIENT_SECRET\");", file: 'src/lib.rs' },
  { form: 'Rust String::from', text: '    let client_secret = String::from("@");', value: 'Kw2Lq7Kz5Xm9Vb4Rt8Nc3Hp6', decoy: '    let client_secret = String::from("<client-secret>");', file: 'src/main.rs' },
  // Kotlin, Swift
  { form: 'Kotlin val with a type', text: '    val apiKey: String = "@"', value: 'Bw3Nz9Kq5Lx2Vm8Rt4Hc7Yp6', decoy: '    val apiKey: String = System.getenv("API_KEY")', file: 'App.kt' },
  { form: 'Kotlin const val', text: '    private const val CLIENT_SECRET = "@"', value: 'Mq8Xz3Lk6Vw2Rb9Tn5Hc4Yp7', decoy: '    private const val CLIENT_SECRET = BuildConfig.CLIENT_SECRET', file: 'App.kt' },
  { form: 'Swift let with a type', text: '    static let apiKey: String = "@"', value: 'Pz4Lq8Kx2Wm6Vb3Rn9Tc5Hy7', decoy: '    static let apiKey: String = ProcessInfo.processInfo.environment["API_KEY"] ?? ""', file: 'Config.swift' },
  // C#, Java
  { form: 'C# const field', text: '    public const string ApiKey = "@";', value: 'Rk7Wz3Lq9Xm5Vb2Nt8Hc4Yp6', decoy: '    public const string ApiKey = "<your-api-key>";', file: 'Settings.cs' },
  { form: 'C# static readonly field', text: '    private static readonly string ClientSecret = "@";', value: 'Ln5Qz9Kw3Xv7Rb2Tm6Hc8Yp4', decoy: '    private static readonly string ClientSecret = Environment.GetEnvironmentVariable("CLIENT_SECRET");', file: 'Settings.cs' },
  { form: 'Java static final field', text: '    private static final String API_KEY = "@";', value: 'Wq2Lz6Kx9Vm3Rb7Nt4Hc8Yp5', decoy: '    private static final String API_KEY = System.getenv("API_KEY");', file: 'Config.java' },
  { form: 'Java field with a generic type', text: '    private final Optional<String> accessKey = Optional.of("@");', value: 'Jx9Rq4Lz7Km2Vw5Tb8Nc3Hp6', decoy: '    private final Optional<String> accessKey = Optional.of(System.getenv("ACCESS_KEY"));', file: 'Config.java' },
  // TypeScript
  { form: 'TypeScript const with a type', text: "export const API_TOKEN: string = '@';", value: 'Yt3Kq8Lz2Xm7Vb5Rn9Wc4Hp6', decoy: "export const API_TOKEN: string = process.env.API_TOKEN ?? '';", file: 'src/config.ts' },
  { form: 'TypeScript union type', text: 'const clientSecret: string | undefined = "@";', value: 'Fz6Lq2Kx9Wm4Vb8Rt3Nc7Hy5', decoy: 'const clientSecret: string | undefined = process.env.CLIENT_SECRET;', file: 'src/config.ts' },
  { form: 'TypeScript class field', text: "  private readonly signingKey: string = '@';", value: 'Cq5Wz8Lk3Xv7Rb2Nm9Ht4Yp6', decoy: "  private readonly signingKey: string = config.get('signingKey');", file: 'src/jwt.ts' },
  // PHP
  { form: 'PHP concatenating assignment', text: '$token .= "@";', value: 'Xb7Lq3Kz9Wm5Vr2Nt8Hc4Yp6', decoy: '$token .= $suffix;', file: 'index.php' },
  { form: 'PHP array element', text: "$config['db_password'] = '@';", value: 'q7Z!vR2m#pLx9Tw', decoy: "$config['db_password'] = getenv('DB_PASSWORD');", file: 'config.php' },
  { form: 'PHP define', text: "define('API_KEY', '@');", value: 'Nk4Wz8Lq2Xm6Vb9Rt3Hc7Yp5', decoy: "define('API_KEY', getenv('API_KEY'));", file: 'wp-config.php' },
  // Makefile
  { form: 'Makefile ::=', text: 'API_TOKEN ::= @', value: 'Dz9Lq4Kx7Wm2Vb6Rt8Nc3Hp5', decoy: 'API_TOKEN ::= $(shell cat .token)', file: 'Makefile' },
  { form: 'Makefile :::=', text: 'API_TOKEN :::= @', value: 'Ez3Lq8Kx5Wm9Vb2Rt6Nc4Hp7', decoy: 'API_TOKEN :::= $(API_TOKEN_FROM_CI)', file: 'Makefile' },
  { form: 'Makefile ?=', text: 'REGISTRY_PASSWORD ?= @', value: 'Hq6Wz2Lk9Xv4Rb7Nm3Tc8Yp5', decoy: 'REGISTRY_PASSWORD ?= $(shell pass show registry)', file: 'Makefile' },
  { form: 'Makefile +=', text: 'DOCKER_BUILD_ARGS += --build-arg NPM_TOKEN=@', value: 'Kq2Lz7Wx4Vm9Rb5Nt3Hc8Yp6', decoy: 'DOCKER_BUILD_ARGS += --build-arg NPM_TOKEN=$(NPM_TOKEN)', file: 'Makefile' },
  // Shells
  { form: 'shell export', text: 'export API_TOKEN="@"', value: 'Lw8Qz3Kx6Vm2Rb9Nt5Hc4Yp7', decoy: 'export API_TOKEN="${API_TOKEN:-}"', file: 'deploy.sh' },
  { form: 'shell declare -x', text: 'declare -x CLIENT_SECRET="@"', value: 'Mz5Lq9Kx3Wv7Rb2Nt6Hc8Yp4', decoy: 'declare -x CLIENT_SECRET="$(vault read -field=value secret/app)"', file: 'env.sh' },
  { form: 'Windows set', text: 'set API_TOKEN=@', value: 'Nq7Wz4Lk8Xv2Rb6Tm3Hc9Yp5', decoy: 'set API_TOKEN=%API_TOKEN_FROM_VAULT%', file: 'build.cmd' },
  { form: 'Windows setx', text: 'setx API_TOKEN "@"', value: 'Pw3Lq6Kz9Xm2Vb8Rt5Nc4Hy7', decoy: 'setx API_TOKEN "%TOKEN%"', file: 'setup.bat' },
  { form: 'fish set -gx', text: 'set -gx API_TOKEN @', value: 'Gw5Lq2Kz8Xm4Vb9Rt3Nc7Hp6', decoy: 'set -gx API_TOKEN (cat ~/.config/token)', file: 'config.fish' },
  { form: 'csh setenv', text: 'setenv API_TOKEN @', value: 'Hq3Wz7Lk2Xv8Rb4Nm6Tc9Yp5', decoy: 'setenv API_TOKEN $API_TOKEN_FROM_CI', file: '.cshrc' },
  { form: 'PowerShell $env:', text: '$env:API_TOKEN = "@"', value: 'Qz8Lk2Wx6Vm4Rb9Nt3Hc7Yp5', decoy: '$env:API_TOKEN = (Get-Secret -Name ApiToken -AsPlainText)', file: 'build.ps1' },
  // Dockerfile
  { form: 'Dockerfile ENV X=', text: 'FROM node:20\nENV API_TOKEN=@', value: 'Rw4Lq9Kz2Xm7Vb5Nt8Hc3Yp6', decoy: 'FROM node:20\nENV API_TOKEN=${API_TOKEN}', file: 'Dockerfile' },
  { form: 'Dockerfile ENV X value', text: 'FROM node:20\nENV API_TOKEN @', value: 'Sz6Lq3Kx8Wm2Vb9Rt4Nc7Hp5', decoy: 'FROM node:20\nENV API_TOKEN $API_TOKEN', file: 'Dockerfile' },
  { form: 'Dockerfile ARG', text: 'ARG NPM_AUTH_TOKEN=@', value: 'Tq9Wz5Lk2Xv6Rb3Nm8Hc4Yp7', decoy: 'ARG NPM_AUTH_TOKEN', file: 'Dockerfile' },
  // .npmrc
  { form: '.npmrc _authToken', text: '//npm.internal.corp/:_authToken=@', value: 'Uz2Lq7Kx4Wm9Vb6Rt3Nc8Hp5', decoy: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}', file: '.npmrc' },
  { form: '.npmrc _auth', text: '//npm.internal.corp/:_auth=@', value: 'ZGVwbG95OlRxOHZaM21MeDJSazk=', decoy: '//npm.internal.corp/:_auth=${NPM_AUTH}', file: '.npmrc' },
  // XML and .NET
  { form: 'XML value on its own line', text: '<datasource>\n  <password>\n    @\n  </password>\n</datasource>', value: 'Vw5Lq8Kz3Xm6Vb2Rt9Nc4Hp7', decoy: '<datasource>\n  <password>\n    ${DB_PASSWORD}\n  </password>\n</datasource>', file: 'config/datasource.xml' },
  { form: 'Jenkins credentials.xml', text: '<com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n  <id>deploy</id>\n  <username>deploy</username>\n  <password>@</password>\n</com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>', value: '{AQAAABAAAAAQm7Xk3Lq9Vw2Rb6Tz8Nc4Hp5Yd1Gf0Js=}', decoy: '<com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n  <id>deploy</id>\n  <password>${DEPLOY_PASSWORD}</password>\n</com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>', file: 'jenkins/credentials.xml' },
  { form: 'Jenkins secret string', text: '<org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>\n  <id>api</id>\n  <secret>@</secret>\n</org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>', value: '{AQAAABAAAAAgWz7Lq2Kx9Vm4Rb8Nt3Hc6Yp5Gd1Fj0Ks2Lw7Qz9Mx4Nv8Rb3Tc6Hy5=}', decoy: '<org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>\n  <secret></secret>\n</org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>', file: 'jenkins/credentials.xml' },
  { form: 'Jenkins SSH private key', text: '<com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey>\n  <id>deploy-key</id>\n  <passphrase></passphrase>\n  <privateKeySource class="com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey$DirectEntryPrivateKeySource">\n    <privateKey>@</privateKey>\n  </privateKeySource>\n</com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey>', value: `{AQAAABAAAAaw${Array.from({ length: 60 }, (_, i) => 'Lq7Kz2Xm9Vb4Rt8Nc3Hp6Wd5Yf1Gj0Ks'.slice(i % 16, (i % 16) + 16)).join('')}=}`, decoy: '<com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey>\n  <passphrase></passphrase>\n  <privateKeySource class="com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey$DirectEntryPrivateKeySource">\n    <privateKey>${SSH_PRIVATE_KEY}</privateKey>\n  </privateKeySource>\n</com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey>', file: 'jenkins/credentials.xml' },
  { form: '.NET <add key value>', text: '  <add key="ClientSecret" value="@" />', value: 'Wz7Lq4Kx2Xm9Vb5Rt8Nc3Hp6', decoy: '  <add key="ClientSecret" value="#{ClientSecret}#" />', file: 'Web.config' },
  { form: '.NET appsettings.json', text: '{\n  "AzureAd": {\n    "ClientSecret": "@"\n  }\n}', value: 'Xq3Wz8Lk5Vv2Rb9Nm6Tc4Yp7', decoy: '{\n  "AzureAd": {\n    "ClientSecret": "<client-secret>"\n  }\n}', file: 'appsettings.json' },
  // Properties
  { form: 'Java .properties with :', text: 'db.password: @', value: 'Yz4Lq9Kx6Wm3Vb8Rt2Nc7Hp5', decoy: 'db.password: ${DB_PASSWORD}', file: 'application.properties' },
  { form: 'Java .properties with a space', text: 'db.password @', value: 'Zq8Wz3Lk7Xv2Rb6Nm9Tc4Yp5', decoy: 'db.password ${DB_PASSWORD}', file: 'application.properties' },
  // Escaped newlines
  { form: 'JSON string with escaped newlines', text: '{"env": "LOG_LEVEL=info\\nDB_PASSWORD=@\\nPORT=8080"}', value: 'Aw6Lq2Kz9Xm5Vb3Rt8Nc4Hp7', decoy: '{"env": "LOG_LEVEL=info\\nDB_PASSWORD=${DB_PASSWORD}\\nPORT=8080"}', file: 'task.json' },
  { form: 'YAML string with escaped newlines', text: 'env_file: "LOG_LEVEL=info\\nAPI_TOKEN=@\\n"', value: 'Bz9Lq5Kx2Wm8Vb4Rt7Nc3Hp6', decoy: 'env_file: "LOG_LEVEL=info\\nAPI_TOKEN=changeme\\n"', file: 'deploy.yaml' },
  // HCL
  { form: 'Terraform heredoc', text: 'resource "x" "y" {\n  password = <<EOF\n@\nEOF\n}', value: 'Cq2Wz7Lk4Xv9Rb5Nm3Tc8Yp6', decoy: 'resource "x" "y" {\n  password = <<EOF\n${var.db_password}\nEOF\n}', file: 'main.tf' },
  { form: 'Terraform indented heredoc', text: 'locals {\n  api_token     = <<-EOT\n    @\n  EOT\n}', value: 'Dz5Lq8Kx3Wm6Vb2Rt9Nc4Hp7', decoy: 'locals {\n  api_token     = <<-EOT\n    ${data.vault_generic_secret.app.data["token"]}\n  EOT\n}', file: 'locals.tf' },
  // Names
  { form: 'name x-api-key', text: "headers: { 'x-api-key': '@' }", value: 'Ew3Lq7Kz9Xm2Vb6Rt4Nc8Hp5', decoy: "headers: { 'x-api-key': apiKey }", file: 'client.js' },
  { form: 'name X-API-KEY header', text: 'curl -H "X-API-KEY: @" https://api.internal', value: 'Fz8Lq4Kx2Wm7Vb3Rt9Nc5Hp6', decoy: 'curl -H "X-API-KEY: $API_KEY" https://api.internal', file: 'run.sh' },
  { form: 'name apikey', text: 'apikey = "@"', value: 'Gq6Wz2Lk9Xv4Rb8Nm3Tc7Yp5', decoy: 'apikey = "your-apikey"', file: 'settings.py' },
  { form: 'name api_key_secret', text: 'API_KEY_SECRET=@', value: 'Hz3Lq8Kx5Wm9Vb2Rt7Nc4Hp6', decoy: 'API_KEY_SECRET=${API_KEY_SECRET}', file: '.env' },
  { form: 'name client-secret (kebab)', text: 'client-secret: @', value: 'Jq7Wz4Lk2Xv8Rb5Nm9Tc3Yp6', decoy: 'client-secret: ${CLIENT_SECRET}', file: 'application.yml' },
  { form: 'name auth (YAML key)', text: 'npm:\n  auth: @', value: 'Kz2Lq9Kx6Wm3Vb8Rt5Nc7Hp4', decoy: 'npm:\n  auth: true', file: 'config.yml' },
  { form: 'name AUTH_TOKEN', text: 'AUTH_TOKEN=@', value: 'Lq5Wz8Lk3Xv7Rb2Nm6Tc9Yp4', decoy: 'AUTH_TOKEN=$(cat /run/secrets/auth)', file: '.env' },
  { form: 'name auth (JSON key)', text: '{"auth": "@"}', value: 'Mz9Lq3Kx7Wm2Vb6Rt4Nc8Hp5', decoy: '{"auth": "basic"}', file: 'config.json' },
  { form: 'name bearer', text: 'BEARER=@', value: 'Nq4Wz7Lk2Xv9Rb5Nm3Tc8Yp6', decoy: 'BEARER=${BEARER}', file: '.env' },
  { form: 'name bearer (camelCase)', text: 'const bearerToken = "@";', value: 'Pz7Lq2Kx8Wm5Vb9Rt3Nc6Hp4', decoy: 'const bearerToken = getBearer();', file: 'api.js' },
  { form: 'name passwd', text: 'passwd: "@"', value: 'R3m!xQ9z#Lk2Vw', decoy: 'passwd: "{{ vault_passwd }}"', file: 'vars.yml' },
  { form: 'name pwd', text: 'DB_PWD=@', value: 'Tq8Wz3Lk6Xv2Rb9Nm5Tc4Yp7', decoy: 'DB_PWD=${DB_PWD}', file: '.env' },
  { form: 'name access_key', text: 'ACCESS_KEY = "@"', value: 'Vz2Lq7Kx4Wm9Vb6Rt3Nc8Hp5', decoy: 'ACCESS_KEY = os.environ["ACCESS_KEY"]', file: 'settings.py' },
  { form: 'name accessKey (camelCase)', text: 'accessKey: "@",', value: 'Wq9Wz5Lk2Xv6Rb3Nm8Tc4Yp7', decoy: 'accessKey: process.env.ACCESS_KEY,', file: 'config.js' },
  { form: 'name private_token', text: 'PRIVATE_TOKEN=@', value: 'Xz4Lq8Kx2Wm7Vb3Rt9Nc5Hp6', decoy: 'PRIVATE_TOKEN=$CI_JOB_TOKEN', file: '.env' },
  { form: 'name private-token header', text: "curl --header 'PRIVATE-TOKEN: @' https://gitlab.internal/api/v4/projects", value: 'Yq6Wz2Lk9Xv4Rb8Nm3Tc7Yp5', decoy: "curl --header 'PRIVATE-TOKEN: <your_access_token>' https://gitlab.internal/api/v4/projects", file: 'README.md' },
  { form: 'name signing_key', text: 'signing_key = "@"', value: 'Zz3Lq8Kx5Wm9Vb2Rt7Nc4Hp6', decoy: 'signing_key = getenv("SIGNING_KEY")', file: 'settings.py' },
  { form: 'name SIGNING-KEY (kebab, upper)', text: 'SIGNING-KEY: @', value: 'Aq7Wz4Lk2Xv8Rb5Nm9Tc3Yp6', decoy: 'SIGNING-KEY: ${SIGNING_KEY}', file: 'config.yml' },
];

/** Where `@` sits in `text`, as the finding's line and column (both 1-based). */
function placeOf(text: string): { line: number; column: number } {
  const at = text.indexOf('@');
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}

describe('assignment forms', () => {
  it.each(FORMS.map((f) => [f.form, f] as const))('%s: finds the value, exactly', (_form, f) => {
    const text = f.text.replace('@', f.value);
    const file = f.file ?? 'src/app.txt';
    const expected = [{ secret: f.value, ...placeOf(f.text) }];
    const place = (x: { secret: string; line: number; column: number }) => ({ secret: x.secret, line: x.line, column: x.column });
    expect(contextDetector.detect({ file, text }).map(place)).toEqual(expected);
    expect(detect(file, text).map(place)).toEqual(expected);
  });

  it.each(FORMS.map((f) => [f.form, f] as const))('%s: no finding on the decoy', (_form, f) => {
    expect(detect(f.file ?? 'src/app.txt', f.decoy).map((x) => `${x.ruleId}: ${x.redacted}`)).toEqual([]);
  });
});

// Provider rules that know a token only by its service's name nearby (rules/context.ts:
// `named`, `looselyNamed`) take the same forms.
const CIRCLE = '3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a';
const PROVIDER_FORMS: [string, string][] = [
  ['Go var with a type', `var circleToken string = "${CIRCLE}"`],
  ['Rust const', `const CIRCLECI_TOKEN: &str = "${CIRCLE}";`],
  ['TypeScript union type', `const circleToken: string | undefined = "${CIRCLE}";`],
  ['PHP concatenating assignment', `$circle_token .= "${CIRCLE}";`],
  ['Makefile ?=', `CIRCLE_TOKEN ?= ${CIRCLE}`],
  ['Makefile ::=', `CIRCLE_TOKEN ::= ${CIRCLE}`],
];

describe('provider rules named by their service', () => {
  it.each(PROVIDER_FORMS)('%s', (_form, text) => {
    expect(detect('src/ci.txt', text).map((x) => [x.ruleId, x.secret])).toEqual([['circleci-token-legacy', CIRCLE]]);
  });

  it.each([
    'var circleToken string = os.Getenv("CIRCLE_TOKEN")',
    'const CIRCLECI_TOKEN: &str = "${CIRCLECI_TOKEN}";',
    'CIRCLE_TOKEN ?= $(shell cat .circle-token)',
  ])('no finding on %s', (text) => {
    expect(detect('src/ci.txt', text).map((x) => x.ruleId)).toEqual([]);
  });
});
