// Secret specs: fake credentials built from each provider's published format with random
// bodies. None of these is a real key. Formats were checked against public detector rule sets
// (gitleaks rules, trufflehog detectors) and the providers' own documentation.
import { ALNUM, B32, B64, B64URL, DIGITS, HEX_UPPER, LETTERS, LOWER, LOWER_ALNUM, Rng, UPPER_ALNUM } from './rng.js';
import {
  base64, base64url, bearer, b64Lines, header, mergeRaw, pemBlocks, postUrl, randomPassword, uriPassword,
  type RawMap,
} from './shared.js';
import { WORDS } from './langs.js';
import type { BlockFn, Family, ItemSpec } from './types.js';

type Extra = Partial<Pick<ItemSpec, 'raw' | 'block' | 'assignIn' | 'weight'>>;

const S = (provider: string, format: string, value: (r: Rng) => string, names: string[], extra: Extra = {}): ItemSpec => ({
  kind: 'secret', provider, format, value, names, ...extra,
});

const host = (r: Rng): string => `${r.pick(WORDS)}-${r.pick(['prod', 'eu', 'main', 'core', 'live'])}`;
const word = (r: Rng): string => r.pick(WORDS);

// ---------------------------------------------------------------- private keys
function pem(label: string, prefix: string, n: number, width = 64, pad = ''): (r: Rng) => string {
  return (r) => [`-----BEGIN ${label}-----`, ...b64Lines(r, prefix, n + r.range(-8, 8) * 4, width, pad), `-----END ${label}-----`].join('\n');
}

function pgpPrivate(r: Rng): string {
  return [
    '-----BEGIN PGP PRIVATE KEY BLOCK-----',
    '',
    ...b64Lines(r, 'lQVYBG', 1720 + r.range(0, 40) * 4, 64),
    `=${r.str(B64, 4)}`,
    '-----END PGP PRIVATE KEY BLOCK-----',
  ].join('\n');
}

const keyNames = ['private key', 'ssh private key', 'tls key', 'deploy key', 'signing key'];
const keyFiles = ['$HOME/.ssh/id_rsa', 'deploy_key', '/etc/ssl/private/server.key', 'key.pem'];
const keyBlocks = pemBlocks(keyNames, keyFiles);

// ---------------------------------------------------------------- GCP service account
function saParts(r: Rng) {
  const project = `${word(r)}-${word(r)}-${r.digits(6)}`;
  const keyBody = b64Lines(r, 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ', 1624, 64);
  return {
    project,
    keyId: r.hex(40),
    key: `-----BEGIN PRIVATE KEY-----\\n${keyBody.join('\\n')}\\n-----END PRIVATE KEY-----\\n`,
    email: `${word(r)}-sa@${project}.iam.gserviceaccount.com`,
    clientId: r.digits(21),
  };
}

const saJsonBlock: BlockFn = (_v, r, indent) => {
  const p = saParts(r);
  const i = indent + '  ';
  return {
    lines: [
      `${indent}"${r.pick(['credentials', 'serviceAccount', 'gcpServiceAccount', 'google_credentials'])}": {`,
      `${i}"type": "service_account",`,
      `${i}"project_id": "${p.project}",`,
      `${i}"private_key_id": "${p.keyId}",`,
      `${i}"private_key": "${p.key}",`,
      `${i}"client_email": "${p.email}",`,
      `${i}"client_id": "${p.clientId}",`,
      `${i}"auth_uri": "https://accounts.google.com/o/oauth2/auth",`,
      `${i}"token_uri": "https://oauth2.googleapis.com/token"`,
      `${indent}}`,
    ],
    at: 4,
    extra: [{ at: 3, kind: 'decoy', provider: 'gcp', format: 'gcp-private-key-id' }],
  };
};

function saInline(r: Rng): string {
  const p = saParts(r);
  return `{"type":"service_account","project_id":"${p.project}","private_key_id":"${p.keyId}","private_key":"${p.key}","client_email":"${p.email}","client_id":"${p.clientId}"}`;
}

// ---------------------------------------------------------------- misc builders
function jwt(r: Rng): string {
  const alg = r.pick(['HS256', 'HS256', 'RS256', 'ES256']);
  const headerJson = JSON.stringify(r.chance(0.5) ? { alg, typ: 'JWT' } : { typ: 'JWT', alg, kid: r.hex(16) });
  const iat = 1_700_000_000 + r.int(60_000_000);
  const payloads = [
    { sub: r.uuid(), role: r.pick(['service_role', 'admin', 'authenticated']), iat, exp: iat + 86400 * r.range(1, 3650) },
    { iss: `https://${host(r)}.example-idp.net/`, sub: `auth0|${r.hex(24)}`, aud: `https://api.${word(r)}.internal`, iat, exp: iat + 3600, scope: 'read:all write:all' },
    { user_id: r.range(1, 999_999), email: `${word(r)}.${word(r)}@corp-mail.net`, iat, exp: iat + 604800 },
  ];
  const payload = JSON.stringify(r.pick(payloads));
  const sigLen = alg === 'RS256' ? 342 : alg === 'ES256' ? 86 : 43;
  return `${base64url(headerJson)}.${base64url(payload)}.${r.str(B64URL, sigLen)}`;
}

function discordBotToken(r: Rng): string {
  const id = '1' + r.str(DIGITS, r.range(17, 18));
  return `${base64url(id)}.${r.str(B64URL, 6)}.${r.str(B64URL, 38)}`;
}

function sasSig(r: Rng): string {
  return encodeURIComponent(r.str(B64, 43) + '=');
}

function grafanaCloud(r: Rng): string {
  const json = JSON.stringify({ o: r.digits(6), n: `stack-${r.digits(6)}-hm-write-${word(r)}`, k: r.str(ALNUM, 24), m: { r: r.pick(['us', 'eu', 'prod-us-east-0']) } });
  return `glc_${base64(json)}`;
}

function grafanaApiKey(r: Rng): string {
  return base64(JSON.stringify({ k: r.str(ALNUM, 32), n: `${word(r)}-key`, id: r.range(1, 999) })).replace(/=+$/, '');
}

function sentryOrgToken(r: Rng): string {
  const json = JSON.stringify({ iat: 1_700_000_000 + r.int(60_000_000) + 0.123456, url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: `${word(r)}-${word(r)}` });
  return `sntrys_${base64(json)}_${r.str(B64, 43)}`;
}

function dbHost(r: Rng, kind: string): string {
  return r.pick([
    `${kind}.${word(r)}.internal`,
    `${word(r)}-${kind}.c${r.hex(10)}.us-east-1.rds.amazonaws.com`,
    `10.${r.range(0, 255)}.${r.range(0, 255)}.${r.range(1, 254)}`,
    `${kind}-${r.range(1, 3)}.prod.svc.cluster.local`,
  ]);
}

const dbUser = (r: Rng): string => r.pick(['app', 'admin', 'svc_billing', 'reporting', 'etl_user', 'root', 'deploy', word(r)]);

const dbRaw = (driver: string): RawMap => ({
  py: [(v) => `engine = create_engine("${v}", pool_pre_ping=True)`],
  go: [(v) => `db, err := sql.Open("${driver}", "${v}")`],
  js: [(v) => `const pool = new Pool({ connectionString: '${v}' });`],
  sh: [(v) => `psql "${v}" -c 'select 1'`],
});

const dbNames = ['database url', 'db url', 'database uri', 'primary database url', 'sqlalchemy database uri', 'connection string'];

const tokenForNpmrc = (registry: string): RawMap => ({ npmrc: [(v) => `//${registry}/:_authToken=${v}`] });

const gitUrl: RawMap = {
  sh: [
    (v) => `git clone https://x-access-token:${v}@github.com/acme/${'deploy-tools'}.git`,
    (v) => `git remote set-url origin https://${v}@github.com/acme/platform.git`,
  ],
};

const NO_ASSIGN: Family[] = [];

// ---------------------------------------------------------------- the list
export const SECRET_SPECS: ItemSpec[] = [
  // AWS
  S('aws', 'aws-access-key-id', (r) => 'AKIA' + r.str(B32, 16), ['aws access key id', 'aws access key', 'access key id']),
  S('aws', 'aws-temporary-access-key-id', (r) => 'ASIA' + r.str(B32, 16), ['aws access key id', 'aws access key id']),
  S('aws', 'aws-secret-access-key', (r) => r.str(B64, 40), ['aws secret access key', 'aws secret key', 'aws secret access key']),
  S('aws', 'aws-session-token', (r) => 'IQoJb3JpZ2luX2Vj' + r.str(B64, r.range(330, 420)) + '==', ['aws session token']),
  S('aws', 'aws-mws-auth-token', (r) => `amzn.mws.${r.uuid()}`, ['mws auth token', 'amazon mws auth token']),

  // GCP
  S('gcp', 'gcp-api-key', (r) => 'AIzaSy' + r.str(B64URL, 33), ['google api key', 'gcp api key', 'maps api key', 'youtube api key', 'gemini api key'],
    { raw: { js: [(v) => `const url = \`https://maps.googleapis.com/maps/api/geocode/json?key=${v}&address=\${addr}\`;`], py: [(v) => `genai.configure(api_key="${v}")`] } }),
  S('gcp', 'gcp-service-account', saInline, [], {
    weight: 2,
    assignIn: NO_ASSIGN,
    block: { json: saJsonBlock },
    raw: {
      env: [(v) => `GOOGLE_CREDENTIALS_JSON='${v}'`],
      sh: [(v) => `export GCP_SA_KEY='${v}'`],
      py: [(v) => `SERVICE_ACCOUNT_INFO = json.loads('${v}')`],
      js: [(v) => `const serviceAccount = JSON.parse('${v}');`],
      yaml: [(v) => `GOOGLE_APPLICATION_CREDENTIALS_JSON: '${v}'`],
    },
  }),
  S('gcp', 'gcp-oauth-client-secret', (r) => 'GOCSPX-' + r.str(B64URL, 28), ['google client secret', 'google oauth client secret', 'client secret']),
  S('gcp', 'gcp-oauth-access-token', (r) => 'ya29.a0' + r.str(B64URL, r.range(140, 200)), ['google access token', 'gcp access token'], { raw: bearer('www.googleapis.com', '/drive/v3/files') }),
  S('gcp', 'gcp-oauth-refresh-token', (r) => '1//0' + r.str(B64URL, 2) + r.str(B64URL, 99), ['google refresh token', 'gdrive refresh token']),

  // Azure
  S('azure', 'azure-storage-connection-string', (r) => `DefaultEndpointsProtocol=https;AccountName=${word(r)}${r.hex(6)};AccountKey=${r.str(B64, 86)}==;EndpointSuffix=core.windows.net`,
    ['azure storage connection string', 'storage connection string', 'azure web jobs storage']),
  S('azure', 'azure-storage-account-key', (r) => r.str(B64, 86) + '==', ['azure storage account key', 'azure storage key', 'storage account access key']),
  S('azure', 'azure-sas-url', (r) => `https://${word(r)}${r.hex(6)}.blob.core.windows.net/${word(r)}s?sv=2022-11-02&ss=b&srt=sco&sp=rwdlacx&se=2027-0${r.range(1, 9)}-1${r.range(0, 9)}T00:00:00Z&st=2025-01-01T00:00:00Z&spr=https&sig=${sasSig(r)}`,
    ['blob sas url', 'azure sas url', 'upload container url'], { raw: { sh: [(v) => `azcopy copy ./dist '${v}' --recursive`] } }),
  S('azure', 'azure-ad-client-secret', (r) => r.str(ALNUM + '_~.', 3) + r.range(0, 9) + 'Q~' + r.str(ALNUM + '_~.-', 34),
    ['azure client secret', 'client secret', 'aad client secret', 'entra client secret']),
  S('azure', 'azure-servicebus-connection-string', (r) => `Endpoint=sb://${word(r)}-${r.hex(4)}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${r.str(B64, 43)}=`,
    ['service bus connection string', 'azure service bus connection', 'event hub connection string']),
  S('azure', 'azure-cosmosdb-connection-string', (r) => `AccountEndpoint=https://${word(r)}-${r.hex(4)}.documents.azure.com:443/;AccountKey=${r.str(B64, 86)}==;`,
    ['cosmos connection string', 'cosmosdb connection']),
  S('azure', 'azure-devops-pat', (r) => r.str(ALNUM, 52) + 'JQQJ99' + r.str(ALNUM, 1) + r.str('ABCDEFGHIJKL', 1) + r.str(ALNUM, 16) + 'AZDO' + r.str(ALNUM, 4),
    ['azure devops pat', 'ado pat', 'azure devops ext pat', 'system access token']),
  S('azure', 'azure-devops-pat-legacy', (r) => r.str(LOWER + '234567', 52), ['azure devops pat', 'azure devops ext pat', 'ado token']),
  S('azure', 'azure-openai-api-key', (r) => r.hex(32), ['azure openai api key', 'azure openai key']),
  S('azure', 'azure-app-configuration-connection-string', (r) => `Endpoint=https://${word(r)}-cfg.azconfig.io;Id=${r.str(ALNUM, 4)}-l0-s0:${r.str(ALNUM, 20)};Secret=${r.str(B64, 43)}=`,
    ['app configuration connection string', 'azure app config connection']),
  S('azure', 'azure-search-admin-key', (r) => r.str(ALNUM, 42) + 'AzSe' + r.str('ABCD', 1) + r.str(ALNUM, 5), ['azure search admin key', 'search api key', 'azure search key']),

  // GitHub
  S('github', 'github-pat-classic', (r) => 'ghp_' + r.str(ALNUM, 36), ['github token', 'gh token', 'github pat', 'personal access token'],
    { raw: mergeRaw(bearer('api.github.com', '/user/repos'), gitUrl, tokenForNpmrc('npm.pkg.github.com')) }),
  S('github', 'github-fine-grained-pat', (r) => 'github_pat_' + r.str(ALNUM, 22) + '_' + r.str(ALNUM, 59), ['github token', 'gh token', 'github pat'],
    { raw: mergeRaw(bearer('api.github.com', '/repos/acme/app'), gitUrl) }),
  S('github', 'github-oauth-token', (r) => 'gho_' + r.str(ALNUM, 36), ['github oauth token', 'gh oauth token', 'github access token']),
  S('github', 'github-user-to-server-token', (r) => 'ghu_' + r.str(ALNUM, 36), ['github user token', 'github app user token']),
  S('github', 'github-installation-token', (r) => 'ghs_' + r.str(ALNUM, 36), ['github installation token', 'github app token'], { raw: gitUrl }),
  S('github', 'github-refresh-token', (r) => 'ghr_' + r.str(ALNUM, 76), ['github refresh token']),
  S('github', 'github-oauth-client-secret', (r) => r.hex(40), ['github client secret', 'github oauth client secret', 'github app client secret']),

  // GitLab (https://docs.gitlab.com/ee/security/tokens/#token-prefixes)
  S('gitlab', 'gitlab-pat', (r) => 'glpat-' + r.str(B64URL, 20), ['gitlab token', 'gitlab pat', 'gl token', 'ci job access token'],
    { raw: { sh: [(v) => `curl --header "PRIVATE-TOKEN: ${v}" https://gitlab.com/api/v4/projects`] } }),
  S('gitlab', 'gitlab-pat-routable', (r) => 'glpat-' + r.str(B64URL, r.range(27, 45)) + '.01' + r.str(LOWER_ALNUM, 7), ['gitlab token', 'gitlab pat']),
  S('gitlab', 'gitlab-deploy-token', (r) => 'gldt-' + r.str(B64URL, 20), ['gitlab deploy token', 'deploy token password']),
  S('gitlab', 'gitlab-runner-token', (r) => 'glrt-' + r.str(B64URL, 20), ['runner token', 'gitlab runner token']),
  S('gitlab', 'gitlab-runner-token-routable', (r) => `glrt-t${r.range(1, 3)}_` + r.str(B64URL, r.range(27, 40)) + '.01' + r.str(LOWER_ALNUM, 7), ['runner token', 'gitlab runner auth token']),
  S('gitlab', 'gitlab-pipeline-trigger-token', (r) => 'glptt-' + r.hex(40), ['trigger token', 'gitlab trigger token']),
  S('gitlab', 'gitlab-runner-registration-token', (r) => 'GR1348941' + r.str(B64URL, 20), ['registration token', 'runner registration token']),
  S('gitlab', 'gitlab-scim-token', (r) => 'glsoat-' + r.str(B64URL, 20), ['gitlab scim token']),
  S('gitlab', 'gitlab-cicd-job-token', (r) => 'glcbt-' + r.str(ALNUM, r.range(1, 5)) + '_' + r.str(B64URL, 20), ['gitlab job token', 'ci build token']),
  S('gitlab', 'gitlab-incoming-mail-token', (r) => 'glimt-' + r.str(B64URL, 25), ['incoming email token', 'gitlab mail token']),
  S('gitlab', 'gitlab-feed-token', (r) => 'glft-' + r.str(B64URL, 20), ['gitlab feed token', 'feed token']),
  S('gitlab', 'gitlab-kubernetes-agent-token', (r) => 'glagent-' + r.str(B64URL, 50), ['agent token', 'gitlab agent token']),
  S('gitlab', 'gitlab-oauth-app-secret', (r) => 'gloas-' + r.str(B64URL, 64), ['gitlab oauth secret', 'gitlab app secret']),
  S('gitlab', 'gitlab-feature-flag-client-token', (r) => 'glffct-' + r.str(B64URL, 20), ['unleash instance token', 'feature flag token']),
  S('gitlab', 'gitlab-session-cookie', (r) => '_gitlab_session=' + r.str(LOWER_ALNUM, 32), ['gitlab session cookie', 'cookie header'],
    { raw: { sh: [(v, r) => `curl -sS --cookie '${v}' https://gitlab.${word(r)}.internal/api/v4/user`] } }),

  // Bitbucket and Atlassian
  S('bitbucket', 'bitbucket-app-password', (r) => 'ATBB' + r.str(ALNUM, 24) + r.str(HEX_UPPER, 8), ['bitbucket app password', 'bitbucket password', 'bb app password']),
  S('bitbucket', 'bitbucket-access-token', (r) => 'ATCTT3xFfGN0' + r.str(B64URL, 170) + '=' + r.str(HEX_UPPER, 8), ['bitbucket access token', 'bitbucket repo token'],
    { raw: { sh: [(v) => `git clone https://x-token-auth:${v}@bitbucket.org/acme/platform.git`] } }),
  S('bitbucket', 'bitbucket-client-secret', (r) => r.str(ALNUM, 64), ['bitbucket client secret', 'bitbucket oauth secret']),
  S('atlassian', 'atlassian-api-token', (r) => 'ATATT3xFfGF0' + r.str(B64URL, 170) + '=' + r.str(HEX_UPPER, 8), ['jira api token', 'atlassian api token', 'confluence token', 'jira token']),
  S('atlassian', 'atlassian-api-token-legacy', (r) => r.str(ALNUM, 24), ['jira api token', 'confluence api token', 'atlassian token']),

  // Package registries
  S('npm', 'npm-access-token', (r) => 'npm_' + r.str(ALNUM, 36), ['npm token', 'node auth token', 'npm publish token'], { raw: tokenForNpmrc('registry.npmjs.org') }),
  S('npm', 'npmrc-legacy-auth-token', (r) => r.uuid(), [], { assignIn: NO_ASSIGN, raw: tokenForNpmrc('registry.npmjs.org') }),
  S('npm', 'npmrc-basic-auth', (r) => base64(`${word(r)}-ci:${randomPassword(r)}`), [], {
    assignIn: NO_ASSIGN,
    raw: { npmrc: [(v) => `_auth=${v}`, (v, r) => `//npm.${word(r)}.internal/:_auth=${v}`] },
  }),
  S('pypi', 'pypi-upload-token', (r) => 'pypi-AgEIcHlwaS5vcmc' + r.str(B64URL, r.range(120, 180)), ['pypi token', 'pypi api token', 'twine password', 'password'],
    { raw: { sh: [(v) => `twine upload -u __token__ -p ${v} dist/*`] } }),
  S('rubygems', 'rubygems-api-key', (r) => 'rubygems_' + r.hex(48), ['gem host api key', 'rubygems api key']),
  S('nuget', 'nuget-api-key', (r) => 'oy2' + r.str(LOWER_ALNUM, 43), ['nuget api key', 'nuget key'],
    { raw: { sh: [(v) => `dotnet nuget push bin/Release/*.nupkg --api-key ${v} --source https://api.nuget.org/v3/index.json`] } }),
  S('docker', 'docker-hub-pat', (r) => 'dckr_pat_' + r.str(B64URL, 27), ['docker hub token', 'docker password', 'dockerhub token'],
    { raw: { sh: [(v) => `echo '${v}' | docker login -u acmebot --password-stdin`] } }),
  S('docker', 'docker-hub-org-access-token', (r) => 'dckr_oat_' + r.str(B64URL, 32), ['docker org token', 'dockerhub org access token']),
  S('docker', 'docker-config-auth', (r) => base64(`${word(r)}bot:${randomPassword(r)}`), [], {
    assignIn: NO_ASSIGN,
    raw: { json: [(v) => `"auths": { "https://index.docker.io/v1/": { "auth": "${v}" } }`] },
  }),

  // Slack
  S('slack', 'slack-bot-token', (r) => `xoxb-${r.digits(r.range(10, 13))}-${r.digits(r.range(10, 13))}-${r.str(ALNUM, 24)}`, ['slack bot token', 'slack token', 'bot user oauth token'],
    { raw: bearer('slack.com', '/api/auth.test') }),
  S('slack', 'slack-user-token', (r) => `xoxp-${r.digits(r.range(10, 13))}-${r.digits(r.range(10, 13))}-${r.digits(r.range(10, 13))}-${r.hex(32)}`, ['slack user token', 'slack token']),
  S('slack', 'slack-app-token', (r) => `xapp-1-A${r.str(UPPER_ALNUM, 10)}-${r.digits(13)}-${r.hex(64)}`, ['slack app token', 'socket mode token']),
  S('slack', 'slack-config-access-token', (r) => `xoxe.xoxp-1-${r.str(ALNUM, 166)}`, ['slack config token', 'slack app configuration token']),
  S('slack', 'slack-config-refresh-token', (r) => `xoxe-1-${r.str(ALNUM, 147)}`, ['slack refresh token', 'slack config refresh token']),
  S('slack', 'slack-webhook-url', (r) => `https://hooks.slack.com/services/T${r.str(UPPER_ALNUM, r.range(8, 10))}/B${r.str(UPPER_ALNUM, r.range(8, 10))}/${r.str(ALNUM, 24)}`,
    ['slack webhook url', 'slack webhook', 'alerts webhook url'], { raw: postUrl }),
  S('slack', 'slack-workflow-webhook-url', (r) => `https://hooks.slack.com/triggers/T${r.str(UPPER_ALNUM, 9)}/${r.digits(13)}/${r.hex(32)}`, ['slack workflow webhook', 'slack trigger url'], { raw: postUrl }),

  // Chat
  S('discord', 'discord-bot-token', discordBotToken, ['discord bot token', 'discord token'], { raw: { py: [(v) => `client.run("${v}")`], js: [(v) => `await client.login('${v}');`] } }),
  S('discord', 'discord-webhook-url', (r) => `https://discord.com/api/webhooks/${r.digits(r.range(18, 19))}/${r.str(B64URL, 68)}`, ['discord webhook url', 'discord webhook'], { raw: postUrl }),
  S('discord', 'discord-client-secret', (r) => r.str(B64URL, 32), ['discord client secret', 'discord oauth secret']),
  S('telegram', 'telegram-bot-token', (r) => `${r.digits(r.range(9, 10))}:AA${r.str(B64URL, 33)}`, ['telegram bot token', 'telegram token', 'tg bot token'],
    { raw: { sh: [(v) => `curl -s "https://api.telegram.org/bot${v}/sendMessage" -d chat_id=$CHAT -d text=ok`] } }),
  S('microsoft', 'teams-incoming-webhook-url', (r) => `https://${word(r)}corp.webhook.office.com/webhookb2/${r.uuid()}@${r.uuid()}/IncomingWebhook/${r.hex(32)}/${r.uuid()}`,
    ['teams webhook url', 'ms teams webhook', 'teams webhook'], { raw: postUrl }),

  // Payments
  S('stripe', 'stripe-secret-key-live', (r) => 'sk_live_' + (r.chance(0.5) ? r.str(ALNUM, 24) : '51' + r.str(ALNUM, 97)), ['stripe secret key', 'stripe api key', 'stripe key'],
    { raw: { js: [(v) => `const stripe = new Stripe('${v}', { apiVersion: '2024-06-20' });`], py: [(v) => `stripe.api_key = "${v}"`] } }),
  S('stripe', 'stripe-restricted-key-live', (r) => 'rk_live_' + (r.chance(0.5) ? r.str(ALNUM, 24) : '51' + r.str(ALNUM, 97)), ['stripe restricted key', 'stripe key']),
  S('stripe', 'stripe-secret-key-test', (r) => 'sk_test_' + (r.chance(0.5) ? r.str(ALNUM, 24) : '51' + r.str(ALNUM, 97)), ['stripe secret key', 'stripe test key']),
  S('stripe', 'stripe-restricted-key-test', (r) => 'rk_test_' + '51' + r.str(ALNUM, 97), ['stripe restricted key']),
  S('stripe', 'stripe-webhook-secret', (r) => 'whsec_' + r.str(ALNUM, 32), ['stripe webhook secret', 'stripe signing secret', 'webhook secret']),
  S('square', 'square-access-token', (r) => 'EAAA' + r.str(B64URL, 60), ['square access token', 'square token'], { raw: bearer('connect.squareup.com', '/v2/locations') }),
  S('square', 'square-oauth-access-token', (r) => 'sq0atp-' + r.str(B64URL, 22), ['square access token', 'square oauth token']),
  S('square', 'square-oauth-secret', (r) => 'sq0csp-' + r.str(B64URL, 43), ['square application secret', 'square oauth secret']),
  S('braintree', 'braintree-access-token', (r) => `access_token$production$${r.str(LOWER_ALNUM, 16)}$${r.hex(32)}`, ['braintree access token', 'paypal access token']),
  S('paypal', 'paypal-client-secret', (r) => 'E' + r.str(B64URL, 79), ['paypal client secret', 'paypal secret']),
  S('shopify', 'shopify-access-token', (r) => 'shpat_' + r.hex(32), ['shopify access token', 'shopify admin token'], { raw: header('X-Shopify-Access-Token', 'acme.myshopify.com/admin/api/2024-04/shop.json') }),
  S('shopify', 'shopify-custom-app-token', (r) => 'shpca_' + r.hex(32), ['shopify access token', 'shopify custom app token']),
  S('shopify', 'shopify-private-app-token', (r) => 'shppa_' + r.hex(32), ['shopify password', 'shopify private app password']),
  S('shopify', 'shopify-shared-secret', (r) => 'shpss_' + r.hex(32), ['shopify shared secret', 'shopify api secret']),

  // AI
  S('openai', 'openai-api-key-legacy', (r) => `sk-${r.str(ALNUM, 20)}T3BlbkFJ${r.str(ALNUM, 20)}`, ['openai api key', 'openai key'], { raw: mergeRaw(bearer('api.openai.com', '/v1/models'), { py: [(v) => `client = OpenAI(api_key="${v}")`] }) }),
  S('openai', 'openai-project-key', (r) => `sk-proj-${r.str(B64URL, 74)}T3BlbkFJ${r.str(B64URL, 74)}`, ['openai api key', 'openai key'], { raw: { js: [(v) => `const openai = new OpenAI({ apiKey: '${v}' });`], py: [(v) => `client = OpenAI(api_key="${v}")`] } }),
  S('openai', 'openai-service-account-key', (r) => `sk-svcacct-${r.str(B64URL, 74)}T3BlbkFJ${r.str(B64URL, 74)}`, ['openai api key', 'openai service key']),
  S('openai', 'openai-admin-key', (r) => `sk-admin-${r.str(B64URL, 58)}T3BlbkFJ${r.str(B64URL, 58)}`, ['openai admin key']),
  S('anthropic', 'anthropic-api-key', (r) => `sk-ant-api03-${r.str(B64URL, 93)}AA`, ['anthropic api key', 'claude api key'], { raw: mergeRaw(header('x-api-key', 'api.anthropic.com/v1/messages'), { py: [(v) => `client = anthropic.Anthropic(api_key="${v}")`] }) }),
  S('anthropic', 'anthropic-admin-key', (r) => `sk-ant-admin01-${r.str(B64URL, 93)}AA`, ['anthropic admin key']),
  S('huggingface', 'huggingface-access-token', (r) => 'hf_' + r.str(LETTERS, 34), ['hf token', 'hugging face hub token', 'huggingface token'], { raw: { py: [(v) => `login(token="${v}")`] } }),
  S('huggingface', 'huggingface-org-token', (r) => 'api_org_' + r.str(LETTERS, 34), ['hf org token', 'huggingface api token']),
  S('groq', 'groq-api-key', (r) => 'gsk_' + r.str(ALNUM, 52), ['groq api key']),
  S('replicate', 'replicate-api-token', (r) => 'r8_' + r.str(ALNUM, 37), ['replicate api token']),
  S('perplexity', 'perplexity-api-key', (r) => 'pplx-' + r.str(ALNUM, 48), ['perplexity api key', 'pplx api key']),
  S('xai', 'xai-api-key', (r) => 'xai-' + r.str(ALNUM, 80), ['xai api key', 'grok api key']),
  S('openrouter', 'openrouter-api-key', (r) => 'sk-or-v1-' + r.hex(64), ['openrouter api key']),
  S('langsmith', 'langsmith-personal-token', (r) => `lsv2_pt_${r.hex(32)}_${r.hex(10)}`, ['langchain api key', 'langsmith api key']),
  S('langsmith', 'langsmith-service-key', (r) => `lsv2_sk_${r.hex(32)}_${r.hex(10)}`, ['langsmith api key', 'langchain api key']),
  S('cohere', 'cohere-api-key', (r) => r.str(ALNUM, 40), ['cohere api key', 'co api key']),
  S('mistral', 'mistral-api-key', (r) => r.str(ALNUM, 32), ['mistral api key']),
  S('deepseek', 'deepseek-api-key', (r) => 'sk-' + r.hex(32), ['deepseek api key']),

  // Productivity
  S('notion', 'notion-integration-secret', (r) => 'secret_' + r.str(ALNUM, 43), ['notion token', 'notion api key', 'notion secret']),
  S('notion', 'notion-integration-token', (r) => 'ntn_' + r.str(DIGITS, 11) + r.str(ALNUM, 35), ['notion token', 'notion api key']),
  S('linear', 'linear-api-key', (r) => 'lin_api_' + r.str(ALNUM, 40), ['linear api key', 'linear token']),
  S('linear', 'linear-oauth-token', (r) => 'lin_oauth_' + r.hex(64), ['linear oauth token']),
  S('asana', 'asana-pat', (r) => `1/${r.digits(16)}:${r.hex(32)}`, ['asana pat', 'asana access token', 'asana token']),
  S('asana', 'asana-pat-v2', (r) => `2/${r.digits(16)}/${r.digits(16)}:${r.hex(32)}`, ['asana pat', 'asana token']),
  S('airtable', 'airtable-pat', (r) => 'pat' + r.str(ALNUM, 14) + '.' + r.hex(64), ['airtable token', 'airtable api key', 'airtable pat']),
  S('airtable', 'airtable-api-key-legacy', (r) => 'key' + r.str(ALNUM, 14), ['airtable api key']),
  S('postman', 'postman-api-key', (r) => `PMAK-${r.hex(24)}-${r.hex(34)}`, ['postman api key'], { raw: header('X-Api-Key', 'api.getpostman.com/collections') }),

  // Messaging
  S('sendgrid', 'sendgrid-api-key', (r) => `SG.${r.str(B64URL, 22)}.${r.str(B64URL, 43)}`, ['sendgrid api key', 'smtp password', 'email api key']),
  S('mailgun', 'mailgun-api-key', (r) => 'key-' + r.hex(32), ['mailgun api key', 'mailgun key']),
  S('mailgun', 'mailgun-private-api-key', (r) => `${r.hex(32)}-${r.hex(8)}-${r.hex(8)}`, ['mailgun api key', 'mailgun private key']),
  S('mailchimp', 'mailchimp-api-key', (r) => `${r.hex(32)}-us${r.range(1, 21)}`, ['mailchimp api key', 'mc api key']),
  S('twilio', 'twilio-api-key', (r) => 'SK' + r.hex(32), ['twilio api key', 'twilio api key sid']),
  S('twilio', 'twilio-auth-token', (r) => r.hex(32), ['twilio auth token']),

  // Observability
  S('datadog', 'datadog-api-key', (r) => r.hex(32), ['datadog api key', 'dd api key'], { raw: header('DD-API-KEY', 'api.datadoghq.com/api/v1/validate') }),
  S('datadog', 'datadog-app-key', (r) => r.hex(40), ['datadog app key', 'dd app key', 'datadog application key']),
  S('newrelic', 'newrelic-user-api-key', (r) => 'NRAK-' + r.str(UPPER_ALNUM, 27), ['new relic api key', 'newrelic api key']),
  S('newrelic', 'newrelic-insert-key', (r) => 'NRII-' + r.str(B64URL, 32), ['new relic insert key', 'newrelic insights insert key']),
  S('newrelic', 'newrelic-license-key', (r) => r.hex(36) + 'NRAL', ['new relic license key', 'newrelic license key', 'nr license key']),
  S('sentry', 'sentry-org-token', sentryOrgToken, ['sentry auth token']),
  S('sentry', 'sentry-user-token', (r) => 'sntryu_' + r.hex(64), ['sentry auth token', 'sentry token']),
  S('grafana', 'grafana-cloud-token', grafanaCloud, ['grafana cloud token', 'loki api key', 'grafana cloud api key']),
  S('grafana', 'grafana-service-account-token', (r) => `glsa_${r.str(ALNUM, 32)}_${r.hex(8)}`, ['grafana token', 'grafana service account token'], { raw: bearer('grafana.acme.net', '/api/dashboards/home') }),
  S('grafana', 'grafana-api-key', grafanaApiKey, ['grafana api key']),
  S('pagerduty', 'pagerduty-api-key', (r) => r.str(ALNUM + '_+-', 20), ['pagerduty api key', 'pagerduty token', 'pd api key']),
  S('pagerduty', 'pagerduty-user-token', (r) => 'u+' + r.str(ALNUM + '_-', 18), ['pagerduty user token', 'pagerduty token']),

  // Identity and hosting
  S('okta', 'okta-api-token', (r) => '00' + r.str(B64URL, 40), ['okta api token', 'okta token'], { raw: { sh: [(v) => `curl -H "Authorization: SSWS ${v}" https://acme.okta.com/api/v1/users`] } }),
  S('heroku', 'heroku-api-key', (r) => 'HRKU-AA' + r.str(B64URL, 58), ['heroku api key', 'heroku token']),
  S('heroku', 'heroku-api-key-legacy', (r) => r.uuid(), ['heroku api key', 'heroku auth token']),
  S('netlify', 'netlify-pat', (r) => 'nfp_' + r.str(ALNUM, 40), ['netlify auth token', 'netlify token']),
  S('vercel', 'vercel-token', (r) => r.str(ALNUM, 24), ['vercel token', 'vercel api token']),
  S('cloudflare', 'cloudflare-api-token', (r) => r.str(B64URL, 40), ['cloudflare api token', 'cf api token'], { raw: bearer('api.cloudflare.com', '/client/v4/user/tokens/verify') }),
  S('cloudflare', 'cloudflare-global-api-key', (r) => r.hex(37), ['cloudflare api key', 'cloudflare global api key', 'cf api key']),
  S('cloudflare', 'cloudflare-origin-ca-key', (r) => `v1.0-${r.hex(24)}-${r.hex(146)}`, ['cloudflare origin ca key', 'origin ca key']),
  S('digitalocean', 'digitalocean-pat', (r) => 'dop_v1_' + r.hex(64), ['digitalocean token', 'do token', 'digitalocean access token'], { raw: bearer('api.digitalocean.com', '/v2/account') }),
  S('digitalocean', 'digitalocean-oauth-token', (r) => 'doo_v1_' + r.hex(64), ['digitalocean oauth token']),
  S('digitalocean', 'digitalocean-refresh-token', (r) => 'dor_v1_' + r.hex(64), ['digitalocean refresh token']),

  // Infrastructure
  S('doppler', 'doppler-personal-token', (r) => 'dp.pt.' + r.str(ALNUM, 43), ['doppler token']),
  S('doppler', 'doppler-service-token', (r) => `dp.st.${r.pick(['prd', 'stg', 'dev'])}.` + r.str(ALNUM, 43), ['doppler token', 'doppler service token']),
  S('doppler', 'doppler-cli-token', (r) => 'dp.ct.' + r.str(ALNUM, 43), ['doppler cli token']),
  S('doppler', 'doppler-service-account-token', (r) => 'dp.sa.' + r.str(ALNUM, 43), ['doppler token', 'doppler service account token']),
  S('vault', 'vault-service-token', (r) => 'hvs.' + r.str(B64URL, r.range(90, 110)), ['vault token'], { raw: header('X-Vault-Token', 'vault.acme.internal:8200/v1/secret/data/app') }),
  S('vault', 'vault-batch-token', (r) => 'hvb.' + r.str(B64URL, r.range(140, 180)), ['vault token', 'vault batch token']),
  S('vault', 'vault-token-legacy', (r) => 's.' + r.str(ALNUM, 24), ['vault token']),
  S('terraform', 'terraform-cloud-token', (r) => `${r.str(LOWER_ALNUM, 14)}.atlasv1.${r.str(B64URL, 67)}`, ['tfe token', 'terraform cloud token', 'tf token app terraform io', 'atlas token']),
  S('pulumi', 'pulumi-access-token', (r) => 'pul-' + r.hex(40), ['pulumi access token']),
  S('databricks', 'databricks-pat', (r) => 'dapi' + r.hex(32) + (r.chance(0.3) ? '-2' : ''), ['databricks token', 'databricks pat']),

  // Private keys (multi-line: labelled on the BEGIN line)
  S('crypto', 'private-key-rsa', pem('RSA PRIVATE KEY', 'MIIEpAIBAAKCAQEA', 1588), keyNames, { block: keyBlocks, assignIn: ['env', 'json', 'go', 'java'] }),
  S('crypto', 'private-key-ec', pem('EC PRIVATE KEY', 'MHcCAQEEI', 164, 64, '=='), keyNames, { block: keyBlocks, assignIn: ['env', 'json', 'go'] }),
  S('crypto', 'private-key-dsa', pem('DSA PRIVATE KEY', 'MIIBuwIBAAKBgQ', 596), keyNames, { block: keyBlocks, assignIn: ['env', 'json'] }),
  S('crypto', 'private-key-openssh', pem('OPENSSH PRIVATE KEY', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW', 400, 70), keyNames, { block: keyBlocks, assignIn: ['env', 'json'] }),
  S('crypto', 'private-key-pkcs8', pem('PRIVATE KEY', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ', 1624), keyNames, { block: keyBlocks, assignIn: ['env', 'json', 'java'] }),
  S('crypto', 'private-key-pgp', pgpPrivate, ['gpg private key', 'pgp private key', 'signing key'], { block: pemBlocks(['gpg private key', 'pgp signing key'], ['private.asc', 'signing-key.asc']), assignIn: NO_ASSIGN }),
  S('age', 'age-secret-key', (r) => 'AGE-SECRET-KEY-1' + r.str('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58), ['sops age key', 'age secret key', 'age key'],
    { raw: { pem: [(v) => v], sh: [(v) => `echo '${v}' > ~/.config/sops/age/keys.txt`] } }),

  // JWT
  S('jwt', 'jwt', jwt, ['jwt', 'access token', 'supabase service role key', 'id token', 'auth token', 'api jwt'], { raw: bearer('api.acme-internal.net', '/v2/orders') }),

  // Database and broker URIs
  S('database', 'postgres-uri-with-password', (r) => `${r.pick(['postgres', 'postgresql', 'postgresql+psycopg2'])}://${dbUser(r)}:${uriPassword(r)}@${dbHost(r, 'pg')}:5432/${word(r)}s`, dbNames, { raw: dbRaw('postgres') }),
  S('database', 'mysql-uri-with-password', (r) => `${r.pick(['mysql', 'mysql+pymysql', 'mariadb'])}://${dbUser(r)}:${uriPassword(r)}@${dbHost(r, 'mysql')}:3306/${word(r)}`, dbNames, { raw: dbRaw('mysql') }),
  S('database', 'mongodb-srv-uri-with-password', (r) => `mongodb+srv://${dbUser(r)}:${uriPassword(r)}@cluster0.${r.str(LOWER_ALNUM, 5)}.mongodb.net/${word(r)}?retryWrites=true&w=majority`, ['mongodb uri', 'mongo url', 'mongo uri'],
    { raw: { js: [(v) => `await mongoose.connect('${v}');`], py: [(v) => `client = MongoClient("${v}")`] } }),
  S('database', 'mongodb-uri-with-password', (r) => `mongodb://${dbUser(r)}:${uriPassword(r)}@${dbHost(r, 'mongo')}:27017/${word(r)}?authSource=admin`, ['mongodb uri', 'mongo url']),
  S('database', 'redis-uri-with-password', (r) => r.pick([`redis://:${uriPassword(r)}@${dbHost(r, 'redis')}:6379/0`, `rediss://default:${uriPassword(r)}@${word(r)}-cache.upstash.io:6379`]), ['redis url', 'cache url', 'celery broker url']),
  S('database', 'amqp-uri-with-password', (r) => `${r.pick(['amqp', 'amqps'])}://${dbUser(r)}:${uriPassword(r)}@${dbHost(r, 'rabbitmq')}:5672/${r.pick(['%2F', 'prod', 'jobs'])}`, ['amqp url', 'rabbitmq url', 'broker url']),
  S('database', 'jdbc-sqlserver-password', (r) => `jdbc:sqlserver://${dbHost(r, 'mssql')}:1433;databaseName=${word(r)};user=${dbUser(r)};password=${randomPassword(r, 14, 22).replace(/[;=]/g, '')};encrypt=true`,
    ['jdbc url', 'datasource url', 'spring datasource url']),
  S('database', 'ado-net-connection-string', (r) => `Server=tcp:${word(r)}-sql.database.windows.net,1433;Initial Catalog=${word(r)};User ID=${dbUser(r)};Password=${randomPassword(r, 14, 22).replace(/[;=]/g, '')};Encrypt=True;`,
    ['default connection', 'sql connection string', 'connection strings default connection']),

  // HTTP credentials
  S('http', 'basic-auth-in-url', (r) => `https://${dbUser(r)}:${uriPassword(r)}@${r.pick(['nexus', 'artifactory', 'jenkins', 'registry', 'elastic'])}.${word(r)}.internal/${word(r)}`,
    ['registry url', 'repository url', 'elasticsearch url', 'jenkins url'], { raw: { sh: [(v) => `curl -fsSL '${v}/health'`] } }),
  S('http', 'basic-auth-header', (r) => base64(`${dbUser(r)}:${randomPassword(r)}`), ['basic auth'], {
    assignIn: NO_ASSIGN,
    raw: {
      sh: [(v) => `curl -H "Authorization: Basic ${v}" https://jenkins.acme.internal/api/json`],
      js: [(v) => `const headers = { Authorization: 'Basic ${v}' };`],
      py: [(v) => `headers = {"Authorization": "Basic ${v}"}`],
      yaml: [(v) => `Authorization: "Basic ${v}"`],
      go: [(v) => `req.Header.Set("Authorization", "Basic ${v}")`],
    },
  }),
  S('http', 'curl-user-password', (r) => `${dbUser(r)}:${randomPassword(r)}`, [], { assignIn: NO_ASSIGN, raw: { sh: [(v) => `curl -u '${v}' https://nexus.acme.internal/service/rest/v1/status`] } }),
  S('kubernetes', 'k8s-secret-data-value', (r) => base64(randomPassword(r, 16, 32)), [], {
    assignIn: NO_ASSIGN,
    raw: { yaml: [(v, r) => `${r.pick(['password', 'db-password', 'api-key', 'token', 'client-secret'])}: ${v}`] },
  }),

  // Secret halves of public/secret key pairs (the public halves are decoys)
  S('mapbox', 'mapbox-secret-token', (r) => `sk.${base64url(JSON.stringify({ u: `${word(r)}${r.range(1, 99)}`, a: 'cl' + r.str(LOWER_ALNUM, 23) }))}.${r.str(B64URL, 22)}`,
    ['mapbox secret token', 'mapbox download token', 'mapbox access token']),
  S('posthog', 'posthog-personal-api-key', (r) => 'phx_' + r.str(ALNUM, 43), ['posthog personal api key', 'posthog api key']),
  S('launchdarkly', 'launchdarkly-sdk-key', (r) => 'sdk-' + r.uuid(), ['launchdarkly sdk key', 'ld sdk key']),
  S('google', 'recaptcha-secret-key', (r) => '6L' + r.str(B64URL, 38), ['recaptcha secret key', 'recaptcha secret']),
  S('supabase', 'supabase-pat', (r) => 'sbp_' + r.hex(40), ['supabase access token']),
  S('supabase', 'supabase-secret-key', (r) => 'sb_secret_' + r.str(B64URL, 31), ['supabase secret key', 'supabase service key']),
  S('algolia', 'algolia-admin-key', (r) => r.hex(32), ['algolia admin api key', 'algolia write api key']),
  S('wireguard', 'wireguard-private-key', (r) => r.str(B64, 42) + r.pick(['A', 'E', 'I', 'M', 'Q', 'U', 'Y', 'c', 'g', 'k', 'o', 's', 'w', '0', '4', '8']) + '=', ['wireguard private key', 'wg private key'],
    { raw: { ini: [(v) => `PrivateKey = ${v}`] } }),

  // Credentials in URLs and command lines
  S('http', 'api-key-in-url-query', (r) => `https://api.${word(r)}-partner.net/v${r.range(1, 3)}/${word(r)}s?${r.pick(['api_key', 'apikey', 'access_token', 'key', 'token'])}=${r.str(ALNUM, r.range(28, 40))}`,
    ['partner endpoint', 'export url', 'feed url', 'callback url'], { raw: { sh: [(v) => `curl -s "${v}" | jq .`], py: [(v) => `resp = requests.get("${v}", timeout=10)`] } }),
  S('cli', 'cli-password-flag', (r) => randomPassword(r, 12, 24).replace(/[!]/g, '-'), [], {
    assignIn: NO_ASSIGN,
    raw: {
      sh: [
        (v) => `mysql -h db.internal -u root -p'${v}' app < schema.sql`,
        (v) => `docker login -u acmebot -p '${v}' registry.acme.internal`,
        (v) => `pg_dump "host=db.internal user=app password=${v} dbname=app" > backup.sql`,
        (v) => `sshpass -p '${v}' ssh deploy@10.0.4.12 'systemctl restart app'`,
        (v) => `htpasswd -b -c /etc/nginx/.htpasswd admin '${v}'`,
      ],
      dockerfile: [(v) => `RUN echo "machine nexus.acme.internal login ci password ${v}" > /root/.netrc`],
    },
  }),
  S('crypto', 'ethereum-private-key', (r) => '0x' + r.hex(64), ['private key', 'deployer private key', 'wallet private key', 'mnemonic private key'],
    { raw: { js: [(v) => `accounts: ['${v}'],`] } }),

  // Generic assignments with random high-entropy values
  S('generic', 'generic-password', (r) => randomPassword(r), ['password', 'db password', 'database password', 'admin password', 'smtp password', 'redis password', 'mysql root password', 'ldap bind password', 'keystore password', 'passwd'],
    { raw: { xml: [(v) => `<password>${v.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</password>`], java: [(v) => `DriverManager.getConnection(url, "app", "${v}");`] } }),
  S('generic', 'generic-api-key', (r) => r.str(ALNUM, r.range(24, 48)), ['api key', 'apikey', 'x api key', 'partner api key', 'service api key', 'api key secret']),
  S('generic', 'generic-secret-token', (r) => r.str(ALNUM + '-_', r.range(28, 48)), ['secret token', 'auth secret', 'app secret', 'secret']),
  S('generic', 'generic-client-secret', (r) => r.str(ALNUM + '-_.~', r.range(30, 44)), ['client secret', 'oauth client secret', 'oidc client secret', 'keycloak client secret']),
  S('generic', 'generic-secret-key', (r) => r.str('abcdefghijklmnopqrstuvwxyz0123456789!@%^*(-_=+)', 50), ['secret key', 'django secret key', 'flask secret key']),
  S('generic', 'rails-secret-key-base', (r) => r.hex(128), ['secret key base']),
  S('generic', 'generic-auth-token', (r) => r.str(ALNUM, r.range(32, 64)), ['auth token', 'service auth token', 'bearer token', 'api token']),
  S('generic', 'generic-access-token', (r) => r.str(B64URL, r.range(32, 64)), ['access token', 'partner access token', 'integration access token']),
  S('generic', 'generic-encryption-key', (r) => r.str(B64, 43) + '=', ['encryption key', 'aes key', 'master key', 'data encryption key', 'fernet key']),
  S('generic', 'generic-signing-secret', (r) => r.hex(64), ['webhook signing secret', 'hmac secret', 'jwt secret', 'signing secret', 'session secret']),
  S('generic', 'generic-private-token', (r) => r.str(ALNUM, 40), ['private token', 'private api token']),
];

