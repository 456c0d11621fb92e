// Configuration is validated at start; a missing or malformed variable is named.
import { describe, expect, it } from 'vitest';
import { loadConfig, secretsOf } from '../../../server/config/index.js';
import { serveCommand } from '../../../server/serve.js';
import { configProblem as problem } from '../../support/config-problem.js';
import { testEnv } from '../../support/server-harness.js';

const base = () => testEnv('http://127.0.0.1:9/api/', '/tmp/never-opened.db');

describe('loadConfig', () => {
  it('accepts the test environment and fills defaults', () => {
    const c = loadConfig(base());
    expect(c.approvers).toEqual({ users: ['U0APPROVER'], groups: ['S0SECURITY'] });
    expect(c.slack.apiUrl).toBe('http://127.0.0.1:9/api/');
    const { SLACK_API_URL: _a, SECRETGATE_DB: _b, PORT: _c, ...rest } = base();
    const d = loadConfig(rest);
    expect(d.slack.apiUrl).toBe('https://slack.com/api/');
    expect(d.dbPath).toBe('./secretgate.db');
    expect(d.port).toBe(3000);
    expect(d.oidc).toBeNull();
    expect(d.sqliteDriver).toBeNull();
    expect(loadConfig({ ...base(), SECRETGATE_SQLITE_DRIVER: 'node:sqlite' }).sqliteDriver).toBe('node:sqlite');
  });

  it.each(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_CHANNEL', 'SECRETGATE_APPROVERS'])('names %s when it is missing', (name) => {
    const env = base();
    delete env[name];
    expect(problem(env)).toMatch(new RegExp(`^${name}: ${name} is not set`));
  });

  it('names SECRETGATE_API_TOKENS when neither tokens nor OIDC are configured', () => {
    const env = base();
    delete env['SECRETGATE_API_TOKENS'];
    expect(problem(env)).toMatch(/^SECRETGATE_API_TOKENS: .*OIDC/);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['SLACK_BOT_TOKEN', 'not-a-token'],
    ['SLACK_CHANNEL', '#general'],
    ['SLACK_API_URL', 'ftp://slack.example/'],
    ['SECRETGATE_PUBLIC_URL', 'not a url'],
    ['SECRETGATE_APPROVERS', 'U0OK,alice'],
    ['SECRETGATE_API_TOKENS', 'short'],
    ['SECRETGATE_API_TOKENS', 'sha256:1234'],
    ['SECRETGATE_LOG_LEVEL', 'loud'],
    ['SECRETGATE_SQLITE_DRIVER', 'sqlite4'],
    ['SECRETGATE_DASHBOARD_SESSION_HOURS', '0'],
    ['SECRETGATE_SLACK_WORKSPACE_URL', 'http://acme.slack.com/'],
  ])('names %s when it is malformed (%s)', (name, value) => {
    expect(problem({ ...base(), [name]: value })).toMatch(new RegExp(`^${name}: ${name} `));
  });

  it('never echoes a malformed token', () => {
    const msg = problem({ ...base(), SECRETGATE_API_TOKENS: 'ok-token-0123456789abcdef,tiny-secret' });
    expect(msg).toContain('entry 2');
    expect(msg).not.toContain('tiny-secret');
  });

  it('takes SLACK_SIGNING_SECRET_PREVIOUS as the second secret of a rotation, kept out of logs', () => {
    expect(loadConfig(base()).slack.previousSigningSecret).toBeNull();
    expect(loadConfig({ ...base(), SLACK_SIGNING_SECRET_PREVIOUS: '  ' }).slack.previousSigningSecret).toBeNull();
    const c = loadConfig({ ...base(), SLACK_SIGNING_SECRET_PREVIOUS: '0123456789abcdef0123456789abcdef' });
    expect(c.slack.previousSigningSecret).toBe('0123456789abcdef0123456789abcdef');
    expect(secretsOf(c)).toContain('0123456789abcdef0123456789abcdef');
  });

  it('names SLACK_SIGNING_SECRET_PREVIOUS when it is malformed or the same as the current secret, without echoing it', () => {
    const short = problem({ ...base(), SLACK_SIGNING_SECRET_PREVIOUS: 'old secret 42' });
    expect(short).toMatch(/^SLACK_SIGNING_SECRET_PREVIOUS: SLACK_SIGNING_SECRET_PREVIOUS is malformed/);
    expect(short).not.toContain('old secret 42');
    const same = problem({ ...base(), SLACK_SIGNING_SECRET_PREVIOUS: base()['SLACK_SIGNING_SECRET']! });
    expect(same).toMatch(/^SLACK_SIGNING_SECRET_PREVIOUS: SLACK_SIGNING_SECRET_PREVIOUS is the same as SLACK_SIGNING_SECRET/);
    expect(same).not.toContain(base()['SLACK_SIGNING_SECRET']!);
  });

  it('requires SECRETGATE_OIDC_ALLOWED_REPOS once OIDC is enabled, and validates it', () => {
    const env = { ...base(), SECRETGATE_OIDC_AUDIENCE: 'secretgate' };
    expect(problem(env)).toMatch(/^SECRETGATE_OIDC_ALLOWED_REPOS: .*is not set/);
    expect(problem({ ...env, SECRETGATE_OIDC_ALLOWED_REPOS: 'no-slash' })).toMatch(/^SECRETGATE_OIDC_ALLOWED_REPOS: /);
    const c = loadConfig({ ...env, SECRETGATE_OIDC_ALLOWED_REPOS: 'acme/*' });
    expect(c.oidc).toEqual({
      issuer: 'https://token.actions.githubusercontent.com',
      jwksUrl: 'https://token.actions.githubusercontent.com/.well-known/jwks',
      audience: 'secretgate',
      allowedRepositories: ['acme/*'],
      workflows: [],
    });
  });

  it('reads SECRETGATE_OIDC_WORKFLOWS as job_workflow_ref globs, and names it when one is malformed', () => {
    const env = { ...base(), SECRETGATE_OIDC_AUDIENCE: 'secretgate', SECRETGATE_OIDC_ALLOWED_REPOS: 'acme/*' };
    const central = 'acme/security/.github/workflows/secretgate.yml@refs/heads/main';
    expect(loadConfig({ ...env, SECRETGATE_OIDC_WORKFLOWS: ` ${central}, acme/*/.github/workflows/*.yml@refs/tags/v* ` }).oidc?.workflows).toEqual([
      central,
      'acme/*/.github/workflows/*.yml@refs/tags/v*',
    ]);
    for (const bad of ['acme/security', 'acme/security/.github/workflows/secretgate.yml', 'secretgate.yml@refs/heads/main']) {
      expect(problem({ ...env, SECRETGATE_OIDC_WORKFLOWS: bad }), bad).toMatch(/^SECRETGATE_OIDC_WORKFLOWS: SECRETGATE_OIDC_WORKFLOWS has '.*', expected job_workflow_ref globs/);
    }
  });
});

describe('secretgate serve with a bad environment', () => {
  it('exits 2 with a message naming the missing variable, without starting', async () => {
    const saved = { ...process.env };
    let err = '';
    try {
      for (const [k, v] of Object.entries(base())) process.env[k] = v;
      delete process.env['SLACK_SIGNING_SECRET'];
      const code = await serveCommand([], { out() {}, err: (s) => void (err += s) });
      expect(code).toBe(2);
      expect(err).toContain('SLACK_SIGNING_SECRET is not set');
    } finally {
      process.env = saved;
    }
  });
});
