import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readSettings } from '../../action/inputs.js';
import { removeDir, tempDir } from '../support/git-fixture.js';
import { setRunnerEnv } from '../support/runner-env.js';

let dir: string;
let restoreEnv: () => void;

beforeEach(() => {
  dir = tempDir();
  restoreEnv = setRunnerEnv(dir, { GITHUB_RUN_ATTEMPT: '3' });
  // core.setSecret prints a workflow command; keep test output quiet.
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
  restoreEnv();
  removeDir(dir);
});

const input = (name: string, value: string) => (process.env[`INPUT_${name.toUpperCase()}`] = value);

describe('readSettings', () => {
  it('reads defaults: report only, 30 minutes, SARIF in RUNNER_TEMP, fail closed', () => {
    const s = readSettings();
    expect(s).toMatchObject({ serverUrl: undefined, timeoutSeconds: 1800, failOpen: false, remote: 'origin', oidcAudience: 'secretgate' });
    expect(s.sarifFile).toBe(join(dir, 'tmp', 'secretgate.sarif'));
    expect(s.runner).toMatchObject({ eventName: 'push', repository: 'acme/widgets', runId: '42', runAttempt: '3' });
    expect(s.runner.payload.after).toBe('b'.repeat(40));
  });

  it('trims a trailing slash from server-url and resolves sarif-file in the workspace', () => {
    input('server-url', 'https://gate.example.com/');
    input('sarif-file', 'reports/sg.sarif');
    const s = readSettings();
    expect(s.serverUrl).toBe('https://gate.example.com');
    expect(s.sarifFile).toBe(join(dir, 'ws', 'reports', 'sg.sarif'));
  });

  it.each([
    ['server-url', 'gate.example.com', "Invalid server-url 'gate.example.com'. Expected a URL such as https://secretgate.example.com."],
    ['server-url', 'ftp://gate.example.com', "Invalid server-url 'ftp://gate.example.com'. Expected a URL such as https://secretgate.example.com."],
    ['timeout', '3x', "Invalid timeout '3x'. Expected a duration such as 30m or 45s."],
    ['fail-open', 'maybe', "Invalid fail-open 'maybe'. Expected true or false."],
    ['base', '--upload-pack=touch', "Invalid base '--upload-pack=touch'. Expected a commit SHA or a ref name."],
  ])('rejects %s %j with an exact message', (name, value, message) => {
    input(name, value);
    expect(() => readSettings()).toThrow(message);
  });

  it('rejects a malformed GITHUB_REPOSITORY', () => {
    process.env.GITHUB_REPOSITORY = 'widgets';
    expect(() => readSettings()).toThrow("Invalid GITHUB_REPOSITORY 'widgets'. Expected format {owner}/{repo}.");
  });

  it('says it runs in a workflow when the runner variables are missing', () => {
    delete process.env.GITHUB_EVENT_NAME;
    expect(() => readSettings()).toThrow('GITHUB_EVENT_NAME is not set.');
  });

  it('rides out an outage when opening the review for two minutes, or SECRETGATE_OPEN_RETRY_SECONDS', () => {
    expect(readSettings().openRetrySeconds).toBe(120);
    process.env.SECRETGATE_OPEN_RETRY_SECONDS = '15';
    expect(readSettings().openRetrySeconds).toBe(15);
    process.env.SECRETGATE_OPEN_RETRY_SECONDS = '2m';
    expect(() => readSettings()).toThrow("Invalid SECRETGATE_OPEN_RETRY_SECONDS '2m'. Expected a whole number of seconds.");
  });

  it('reads everything from the environment it is given, once: inputs, the step, OIDC, the master key', () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      'INPUT_SERVER-URL': 'https://gate.example.com',
      INPUT_TIMEOUT: ' 5m ',
      GITHUB_JOB: 'scan',
      GITHUB_ACTION: '__secretgate',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example.test/',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-token',
      SECRETGATE_FINGERPRINT_KEY: ` ${'ab'.repeat(32)} `,
    };
    const s = readSettings(env);
    expect(s).toMatchObject({ serverUrl: 'https://gate.example.com', timeoutSeconds: 300, oidcAvailable: true, fingerprintMasterKey: 'ab'.repeat(32) });
    expect(s.runner).toMatchObject({ job: 'scan', step: '__secretgate' });
    // process.env itself was not read for the inputs.
    expect(readSettings()).toMatchObject({ serverUrl: undefined, timeoutSeconds: 1800, oidcAvailable: false });
    expect(readSettings().runner.job).toBeUndefined();
  });

  it('masks the fingerprint master key as soon as it is read', () => {
    const writes: string[] = [];
    vi.mocked(process.stdout.write).mockImplementation((chunk: string | Uint8Array) => (writes.push(String(chunk)), true));
    readSettings({ ...process.env, SECRETGATE_FINGERPRINT_KEY: 'cd'.repeat(32) });
    expect(writes.join('')).toContain(`::add-mask::${'cd'.repeat(32)}`);
  });
});
