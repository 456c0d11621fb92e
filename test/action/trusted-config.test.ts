// loadTrustedConfig on real repositories: which git calls a load makes, and what it reads.
import { afterAll, describe, expect, it } from 'vitest';
import { createGitRunner, type GitRunner } from '../../action/git/runner.js';
import { loadTrustedConfig } from '../../action/trusted-config.js';
import { commit, git, initRepo, removeDir } from '../support/git-fixture.js';

const repos: string[] = [];
afterAll(() => repos.forEach(removeDir));

/** A runner that records the git subcommand of every call. */
function counting(cwd: string): { git: GitRunner; calls: string[] } {
  const inner = createGitRunner(cwd);
  const calls: string[] = [];
  return {
    calls,
    git: {
      ...inner,
      run(args, options) {
        calls.push(args[0]!);
        return inner.run(args, options);
      },
    },
  };
}

function repoWith(base: Record<string, string>, head: Record<string, string>): { repo: string; base: string; head: string } {
  const repo = initRepo();
  repos.push(repo);
  const b = commit(repo, 'base', base);
  const h = commit(repo, 'head', head);
  return { repo, base: b, head: h };
}

describe('loadTrustedConfig', () => {
  it('asks git once when neither commit has a config file (every clean run pays for it)', async () => {
    const { repo, base, head } = repoWith({ 'README.md': '# a\n' }, { 'src/a.js': 'x\n' });
    const { git: runner, calls } = counting(repo);
    const loaded = await loadTrustedConfig(runner, { trusted: base, head });
    expect(loaded.changes).toEqual([]);
    expect(loaded.trustedCommit).toBe(base);
    expect(calls).toEqual(['cat-file']);
  });

  it('reads the trusted copy and reports the head change, reading each blob once', async () => {
    const { repo, base, head } = repoWith(
      { '.secretgate.toml': '[allowlist]\npaths = ["^docs/"]\n' },
      { '.secretgate.toml': '[allowlist]\npaths = ["^docs/", ".*"]\n' },
    );
    const { git: runner, calls } = counting(repo);
    const loaded = await loadTrustedConfig(runner, { trusted: base, head });
    expect(loaded.changes.map((c) => [c.file, c.added])).toEqual([['.secretgate.toml', ['allowlist path: .*']]]);
    // The lookups in one call, then the two differing blobs.
    expect(calls).toEqual(['cat-file', 'cat-file', 'cat-file']);
  });

  it('treats a directory where a config file belongs as no config file', async () => {
    const { repo, base, head } = repoWith({ '.gitleaks.toml/x': 'not a config\n' }, { 'src/a.js': 'x\n' });
    const loaded = await loadTrustedConfig(createGitRunner(repo), { trusted: base, head });
    expect(loaded.changes).toEqual([]);
    expect(git(repo, 'cat-file', '-t', `${base}:.gitleaks.toml`)).toBe('tree');
  });

  it('refuses a config path holding a line break, which would split the batched lookup', async () => {
    const { repo, base, head } = repoWith({ 'a.toml': '' }, { 'b.toml': '' });
    await expect(loadTrustedConfig(createGitRunner(repo), { trusted: base, head, configPath: 'a.toml\nb.toml' })).rejects.toThrow(/line break/);
  });
});
