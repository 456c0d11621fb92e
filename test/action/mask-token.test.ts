// The credential the Action presents to the approval server is masked in the job log, checked on
// the sources (not only on the committed bundle): the api-token input as soon as it is read, and
// a GitHub OIDC token as soon as it is fetched. The runner masks what `::add-mask::` names.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenProvider } from '../../action/auth.js';
import { readSettings } from '../../action/settings.js';
import { removeDir, tempDir } from './support/git-fixture.js';
import { OidcStandIn } from './support/oidc-standin.js';

const API_TOKEN = 'sg-mask-me-0123456789abcdef';
let dir: string;
let stdout: string;
const saved = { ...process.env };

beforeEach(() => {
  dir = tempDir();
  const event = join(dir, 'event.json');
  writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main', before: 'a'.repeat(40), after: 'b'.repeat(40) }));
  for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k];
  Object.assign(process.env, {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: 'acme/widgets',
    GITHUB_RUN_ID: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: join(dir, 'ws'),
    RUNNER_TEMP: join(dir, 'tmp'),
  });
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  removeDir(dir);
});

const commands = () => stdout.split(/\r?\n/).filter((l) => l.startsWith('::'));

describe('masking the credential the Action presents', () => {
  it('masks the api-token input when the settings are read, before anything else is printed', () => {
    process.env['INPUT_SERVER-URL'] = 'https://gate.example.com';
    process.env['INPUT_API-TOKEN'] = `  ${API_TOKEN}  `;
    const settings = readSettings();
    expect(settings.apiToken).toBe(API_TOKEN);
    expect(commands()[0]).toBe(`::add-mask::${API_TOKEN}`);
  });

  it('masks nothing when there is no api-token (no empty mask that would hide every line)', () => {
    process.env['INPUT_SERVER-URL'] = 'https://gate.example.com';
    readSettings();
    expect(commands().filter((l) => l.startsWith('::add-mask::'))).toEqual([]);
  });

  it('masks a GitHub OIDC token as soon as it is fetched', async () => {
    const oidc = await OidcStandIn.start(() => 'acme/widgets');
    try {
      Object.assign(process.env, oidc.runnerEnv);
      const token = await createTokenProvider(undefined, 'secretgate')();
      expect(token).toMatch(/^eyJ/);
      expect(oidc.requests).toEqual([{ audience: 'secretgate', authorized: true }]);
      expect(commands()).toContain(`::add-mask::${token}`);
    } finally {
      await oidc.close();
    }
  });
});
