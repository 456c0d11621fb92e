// GitHub settings are validated at start like the rest: each problem names its variable, and a
// credential's value is never echoed.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, secretsOf } from '../../../server/config/index.js';
import { configProblem } from '../../support/config-problem.js';
import { tempDir, testEnv } from '../../support/server-harness.js';
import { writeAppKey } from '../../support/github-standin.js';

const dir = tempDir('secretgate-github-config-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = writeAppKey(dir);
const base = (extra: Record<string, string>) => testEnv('http://127.0.0.1:9/api/', '/tmp/never-opened.db', extra);

const problem = (extra: Record<string, string>): string => configProblem(base(extra));

describe('GitHub settings', () => {
  it('are off without a GitHub credential', () => {
    expect(loadConfig(base({})).github).toBeNull();
  });

  it('accept a GitHub App with a PKCS#1 key file, defaulting to api.github.com', () => {
    const c = loadConfig(base({ GITHUB_APP_ID: '12345', GITHUB_APP_PRIVATE_KEY_FILE: key.file }));
    expect(c.github?.apiUrl).toBe('https://api.github.com');
    expect(c.github?.auth).toMatchObject({ kind: 'app', appId: '12345', privateKeyFile: key.file });
  });

  it('accept a token and a GHES API URL (trailing slash dropped), and keep the token out of logs', () => {
    const token = 'ghp_configTestToken0123456789abcdef';
    const c = loadConfig(base({ GITHUB_TOKEN: token, GITHUB_API_URL: 'https://ghe.example.test/api/v3/', SLACK_CHANNEL_NAME: '#sec-reviews' }));
    expect(c.github).toMatchObject({ apiUrl: 'https://ghe.example.test/api/v3', auth: { kind: 'token', token }, channelName: 'sec-reviews' });
    expect(secretsOf(c)).toContain(token);
  });

  it.each([
    [{ GITHUB_APP_ID: '12345' }, /^GITHUB_APP_PRIVATE_KEY_FILE: GITHUB_APP_PRIVATE_KEY_FILE is not set/],
    [{ GITHUB_APP_PRIVATE_KEY_FILE: 'x.pem' }, /^GITHUB_APP_ID: GITHUB_APP_ID is not set/],
    [{ GITHUB_APP_ID: 'my-app', GITHUB_APP_PRIVATE_KEY_FILE: 'x.pem' }, /^GITHUB_APP_ID: GITHUB_APP_ID must be the numeric App ID, got 'my-app'/],
    [{ GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY_FILE: '/nonexistent/key.pem' }, /^GITHUB_APP_PRIVATE_KEY_FILE: .*cannot be read: ENOENT/],
    [{ GITHUB_TOKEN: 'ghp_configTestToken0123456789abcdef', GITHUB_APP_ID: '1' }, /^GITHUB_TOKEN: .*either a GitHub App or a token, not both/],
    [{ GITHUB_TOKEN: 'short' }, /^GITHUB_TOKEN: GITHUB_TOKEN is malformed/],
    [{ GITHUB_TOKEN: 'ghp_configTestToken0123456789abcdef', GITHUB_API_URL: 'api.github.com' }, /^GITHUB_API_URL: GITHUB_API_URL is not a URL/],
    [{ GITHUB_TOKEN: 'ghp_configTestToken0123456789abcdef', GITHUB_API_URL: 'ftp://ghe.example.test/' }, /^GITHUB_API_URL: .*http or https/],
    [{ GITHUB_TOKEN: 'ghp_configTestToken0123456789abcdef', SLACK_CHANNEL_NAME: 'two words' }, /^SLACK_CHANNEL_NAME: /],
  ])('names the variable: %j', (extra, expected) => {
    expect(problem(extra)).toMatch(expected);
  });

  it('refuses a key file that is not a PEM private key, or not an RSA key', () => {
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    expect(problem({ GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY_FILE: notPem })).toMatch(/^GITHUB_APP_PRIVATE_KEY_FILE: .*is not a PEM private key/);
    const ec = join(dir, 'ec.pem');
    writeFileSync(ec, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(problem({ GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY_FILE: ec })).toMatch(/^GITHUB_APP_PRIVATE_KEY_FILE: .*holds a ec key/);
  });

  it('never echoes a malformed token', () => {
    const message = problem({ GITHUB_TOKEN: 'xyzzy plugh 0123456789abcdef' });
    expect(message).toMatch(/^GITHUB_TOKEN: GITHUB_TOKEN is malformed/);
    expect(message).not.toContain('xyzzy');
  });
});

describe('GitHub web address (GITHUB_SERVER_URL), the host of every link to GitHub', () => {
  it('defaults to https://github.com, with or without a GitHub credential', () => {
    expect(loadConfig(base({})).githubServerUrl).toBe('https://github.com');
    expect(loadConfig(base({ GITHUB_TOKEN: 'ghp_configTestToken0123456789abcdef' })).githubServerUrl).toBe('https://github.com');
    expect(loadConfig(base({ GITHUB_API_URL: 'https://api.github.com' })).githubServerUrl).toBe('https://github.com');
  });

  it('takes GITHUB_SERVER_URL as an origin, trailing slash dropped', () => {
    expect(loadConfig(base({ GITHUB_SERVER_URL: 'https://GitHub.Example.test/' })).githubServerUrl).toBe('https://github.example.test');
    expect(loadConfig(base({ GITHUB_SERVER_URL: 'http://127.0.0.1:8080' })).githubServerUrl).toBe('http://127.0.0.1:8080');
  });

  it('derives the host of GitHub Enterprise from GITHUB_API_URL when GITHUB_SERVER_URL is not set', () => {
    expect(loadConfig(base({ GITHUB_API_URL: 'https://ghe.example.test/api/v3/' })).githubServerUrl).toBe('https://ghe.example.test');
    expect(loadConfig(base({ GITHUB_API_URL: 'https://api.octocorp.ghe.com' })).githubServerUrl).toBe('https://octocorp.ghe.com');
    // An explicit setting wins.
    expect(loadConfig(base({ GITHUB_API_URL: 'https://ghe.example.test/api/v3', GITHUB_SERVER_URL: 'https://web.example.test' })).githubServerUrl).toBe('https://web.example.test');
  });

  it.each([
    ['github.com', 'GITHUB_SERVER_URL: GITHUB_SERVER_URL is not a URL'],
    ['ftp://github.example.test', 'GITHUB_SERVER_URL: GITHUB_SERVER_URL must be an http or https URL'],
    ['https://github.example.test/some/path', 'GITHUB_SERVER_URL: GITHUB_SERVER_URL must have no path, query or fragment'],
    ['https://user:pw@github.example.test', 'GITHUB_SERVER_URL: GITHUB_SERVER_URL must not hold a user name or password'],
  ])('refuses GITHUB_SERVER_URL=%s, naming the variable', (value, expected) => {
    expect(problem({ GITHUB_SERVER_URL: value })).toContain(expected);
  });
});
