// The bundled Action reads the repository's config as the runner's checkout has it: a
// `.secretgate.toml` at the root, or the file the `config` input names.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planted } from '../support/planted.js';
import { commit, initRepo, removeDir } from './support/git-fixture.js';
import { runAction } from './support/run-action.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

/** A repository whose last commit plants a token in `file` (only github-pat matches it); the first commit carries `config`. */
function repoWithSecretIn(file: string, config: Record<string, string>) {
  const repo = initRepo();
  dirs.push(repo);
  const before = commit(repo, 'initial', { 'README.md': '# widgets\n', ...config });
  const after = commit(repo, 'add token', { [file]: `export const banner = "${planted.githubPat}";\n` });
  const push = { ref: 'refs/heads/main', before, after, created: false, deleted: false, forced: false };
  return { repo, run: (inputs: Record<string, string> = {}) => runAction({ workspace: repo, eventName: 'push', payload: push, sha: after, inputs }) };
}

describe('dist/index.js with a config file', () => {
  it('does not report a finding in a path the repository\'s .secretgate.toml allowlists', async () => {
    const { repo, run } = repoWithSecretIn('test/fixtures/token.js', { '.secretgate.toml': "[allowlist]\npaths = ['''^test/fixtures/''']\n" });
    const allowed = await run();
    expect(allowed.exitCode, allowed.log).toBe(0);
    expect(allowed.outputs).toMatchObject({ decision: 'clean', findings: '0' });
    expect(allowed.log).toContain('0 findings in 1 commit.');

    // The same checkout without the file: the finding is there, so the config is what hid it.
    rmSync(join(repo, '.secretgate.toml'));
    const reported = await run();
    expect(reported.exitCode).toBe(1);
    expect(reported.outputs).toMatchObject({ decision: 'unreviewed', findings: '1' });
    expect(reported.log).toContain('file=test/fixtures/token.js');
  });

  it('reads the file the config input names, and a rule it disables reports nothing', async () => {
    const { run } = repoWithSecretIn('src/config.js', { 'ci/secretgate-rules.toml': '[extend]\ndisabledRules = ["github-pat"]\n' });
    const disabled = await run({ config: 'ci/secretgate-rules.toml' });
    expect(disabled.exitCode, disabled.log).toBe(0);
    expect(disabled.outputs).toMatchObject({ decision: 'clean', findings: '0' });

    // Without the input nothing at the root disables the rule.
    const reported = await run();
    expect(reported.exitCode).toBe(1);
    expect(reported.outputs.findings).toBe('1');
    expect(reported.log).toMatch(/^::error title=secretgate%3A github-pat,file=src\/config\.js,/m);
  });

  it('fails, naming the file, when the config input names one that is not there', async () => {
    const { repo, run } = repoWithSecretIn('src/config.js', {});
    const result = await run({ config: 'ci/missing.toml' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ decision: 'error', findings: '0' });
    expect(result.log).toContain(`::error::${join(repo, 'ci/missing.toml')}: config file not found.`);
  });

  it('fails closed, naming the file and the problem, when the repository\'s .secretgate.toml is invalid', async () => {
    const { run } = repoWithSecretIn('src/config.js', { '.secretgate.toml': '[allowlist]\npaths = "^src/"\n' });
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.outputs.decision).toBe('error');
    expect(result.log).toContain("::error::.secretgate.toml: 'allowlist.paths' must be an array of strings.");
  });
});
