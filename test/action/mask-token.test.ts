// What the Action must keep out of the job log is masked, checked on the sources (not only on the
// committed bundle): the api-token input as soon as it is read, a GitHub OIDC token as soon as it
// is fetched, and every found value. The runner masks what `::add-mask::` names.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenProvider } from '../../action/auth.js';
import { maskSecrets } from '../../action/mask.js';
import { readSettings } from '../../action/inputs.js';
import { planted } from '../support/planted.js';
import { removeDir, tempDir } from '../support/git-fixture.js';
import { setRunnerEnv } from '../support/runner-env.js';
import { OidcStandIn } from '../support/oidc-standin.js';

const API_TOKEN = 'sg-mask-me-0123456789abcdef';
let dir: string;
let stdout: string;
let restoreEnv: () => void;

beforeEach(() => {
  dir = tempDir();
  restoreEnv = setRunnerEnv(dir);
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  restoreEnv();
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
      const token = await createTokenProvider(undefined, 'secretgate', readSettings().oidcAvailable)();
      expect(token).toMatch(/^eyJ/);
      expect(oidc.requests).toEqual([{ audience: 'secretgate', authorized: true }]);
      expect(commands()).toContain(`::add-mask::${token}`);
    } finally {
      await oidc.close();
    }
  });
});

describe('masking found values', () => {
  it('masks each found value once, and a multi-line key line by line too, but not its armour', () => {
    // Built at run time, so that this file holds no credential-shaped string.
    const armour = (word: string) => `-----${word} OPENSSH ${'PRIVATE'} KEY-----`;
    const key = [armour('BEGIN'), 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ', 'AAAAMwAAAAtzc2gtZWQyNTUxOQAAACD', armour('END')].join('\n');
    maskSecrets([planted.githubPat, key, planted.githubPat]);
    const masked = commands().filter((l) => l.startsWith('::add-mask::')).map((l) => l.slice('::add-mask::'.length));
    expect(masked[0]).toBe(planted.githubPat);
    // The runner masks line by line: each body line of the key is registered on its own.
    expect(masked).toContain('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ');
    expect(masked).toContain('AAAAMwAAAAtzc2gtZWQyNTUxOQAAACD');
    // The whole value too (its newlines escaped as the command format wants), but no armour line alone.
    expect(masked).toContain(key.replace(/\n/g, '%0A'));
    expect(masked.filter((m) => /^-----(BEGIN|END) /.test(m) && !m.includes('%0A'))).toEqual([]);
    expect(masked.filter((m) => m === planted.githubPat)).toHaveLength(1);
  });
});
