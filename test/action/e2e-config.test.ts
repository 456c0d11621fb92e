// The bundled Action takes the scan's configuration from what was already reviewed (the base of
// the range on the default branch), never from the commits under review: a pusher who adds an
// allowlist, an ignore line or an inline marker beside a token gets a review, not a pass.
import { afterEach, describe, expect, it } from 'vitest';
import { planted } from '../support/planted.js';
import { commit, git, initRepo, removeDir } from '../support/git-fixture.js';
import { runAction } from '../support/run-action.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

const token = `export const banner = "${planted.githubPat}";\n`;

/** A push to main: `base` is the reviewed commit, `pushed` the files of the pushed commit. */
function pushToMain(base: Record<string, string>, pushed: Record<string, string>) {
  const repo = initRepo();
  dirs.push(repo);
  const before = commit(repo, 'initial', { 'README.md': '# widgets\n', ...base });
  const after = commit(repo, 'push', pushed);
  const push = { ref: 'refs/heads/main', before, after, created: false, deleted: false, forced: false, repository: { full_name: 'acme/widgets', default_branch: 'main' } };
  return { repo, before, after, run: (inputs: Record<string, string> = {}) => runAction({ workspace: repo, eventName: 'push', payload: push, sha: after, inputs }) };
}

describe('dist/index.js with a reviewed config file', () => {
  it("does not report a finding in a path the base's .secretgate.toml allowlists", async () => {
    const { run } = pushToMain({ '.secretgate.toml': "[allowlist]\npaths = ['''^test/fixtures/''']\n" }, { 'test/fixtures/token.js': token });
    const allowed = await run();
    expect(allowed.exitCode, allowed.log).toBe(0);
    expect(allowed.outputs).toMatchObject({ decision: 'clean', findings: '0' });
    expect(allowed.log).toContain('0 findings in 1 commit.');
    expect(allowed.log).toMatch(/Configuration as of [0-9a-f]{7} \(already reviewed\)\./);
  });

  it('reads the file the config input names from the base, and a rule it disables reports nothing', async () => {
    const { run } = pushToMain({ 'ci/secretgate-rules.toml': '[extend]\ndisabledRules = ["github-pat"]\n' }, { 'src/config.js': token });
    const disabled = await run({ config: 'ci/secretgate-rules.toml' });
    expect(disabled.exitCode, disabled.log).toBe(0);
    expect(disabled.outputs).toMatchObject({ decision: 'clean', findings: '0' });

    // Without the input nothing at the root disables the rule.
    const reported = await run();
    expect(reported.exitCode).toBe(1);
    expect(reported.outputs.findings).toBe('1');
    expect(reported.log).toMatch(/^::error title=secretgate%3A github-pat,file=src\/config\.js,/m);
  });

  it('fails, naming the file, when the config input names one that is in neither the base nor the head', async () => {
    const { run, before, after } = pushToMain({}, { 'src/config.js': token });
    const result = await run({ config: 'ci/missing.toml' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ decision: 'error', findings: '0' });
    expect(result.log).toContain(`::error::ci/missing.toml: config file not found in ${before.slice(0, 7)} (the reviewed base) or ${after.slice(0, 7)}.`);
  });

  it("fails closed, naming the file and the problem, when the base's .secretgate.toml is invalid", async () => {
    const { run, before } = pushToMain({ '.secretgate.toml': '[allowlist]\npaths = "^src/"\n' }, { 'src/config.js': token });
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.outputs.decision).toBe('error');
    expect(result.log).toContain(`::error::.secretgate.toml (at ${before.slice(0, 7)}): 'allowlist.paths' must be an array of strings.`);
  });
});

describe('dist/index.js: what the push writes cannot silence the gate', () => {
  it('reports a token and the change when the same push adds an allowlist for every path', async () => {
    const { run } = pushToMain({}, { '.secretgate.toml': "[allowlist]\npaths = ['''.*''']\n", 'src/config.js': token });
    const result = await run();
    expect(result.exitCode, result.log).toBe(1);
    expect(result.outputs).toMatchObject({ decision: 'unreviewed', findings: '2' });
    expect(result.log).toMatch(/^::error title=secretgate%3A github-pat,file=src\/config\.js,/m);
    expect(result.log).toMatch(/^::error title=secretgate%3A config-change,file=\.secretgate\.toml::Changes the scan's configuration: adds allowlist path: \.\*/m);
  });

  it('reports a token that a .gitleaksignore line added in the same push names', async () => {
    const repo = initRepo();
    dirs.push(repo);
    const before = commit(repo, 'initial', { 'README.md': '# widgets\n' });
    const tokenCommit = commit(repo, 'token', { 'src/config.js': token });
    const after = commit(repo, 'ignore it', { '.gitleaksignore': `${tokenCommit}:src/config.js:github-pat:1\nsrc/config.js:github-pat:1\n` });
    const push = { ref: 'refs/heads/main', before, after, created: false, deleted: false, forced: false };
    const result = await runAction({ workspace: repo, eventName: 'push', payload: push, sha: after });
    expect(result.exitCode, result.log).toBe(1);
    expect(result.outputs).toMatchObject({ decision: 'unreviewed', findings: '2' });
    expect(result.log).toMatch(/github-pat,file=src\/config\.js/);
    expect(result.log).toMatch(/config-change,file=\.gitleaksignore::Changes the scan's configuration: adds ignore: [0-9a-f]{40}:src\/config\.js:github-pat:1; ignore: src\/config\.js:github-pat:1/);
  });

  it('reports a token carrying an inline allow marker, marked as allowed inline by the author', async () => {
    const { run } = pushToMain({}, { 'src/config.js': `export const banner = "${planted.githubPat}"; // gitleaks:allow\n` });
    const result = await run();
    expect(result.exitCode, result.log).toBe(1);
    expect(result.outputs).toMatchObject({ decision: 'unreviewed', findings: '1' });
    expect(result.log).toMatch(/github-pat,file=src\/config\.js.*\(allowed inline by the author\)/);
    expect(result.log).not.toContain(planted.githubPat);
  });

  it("does not trust a feature branch's own earlier push: its allowlist is judged against main", async () => {
    const repo = initRepo();
    dirs.push(repo);
    commit(repo, 'initial', { 'README.md': '# widgets\n' });
    git(repo, 'checkout', '-q', '-b', 'feature');
    // Push 1 adds the allowlist (its review was blocked, or never decided); push 2 the token.
    const first = commit(repo, 'allow all', { '.secretgate.toml': "[allowlist]\npaths = ['''.*''']\n" });
    const second = commit(repo, 'token', { 'src/config.js': token });
    const push = { ref: 'refs/heads/feature', before: first, after: second, created: false, deleted: false, forced: false, repository: { full_name: 'acme/widgets', default_branch: 'main' } };
    const result = await runAction({ workspace: repo, eventName: 'push', payload: push, sha: second, ref: 'refs/heads/feature' });
    expect(result.exitCode, result.log).toBe(1);
    expect(result.log).toMatch(/github-pat,file=src\/config\.js/);
    expect(result.log).toMatch(/config-change,file=\.secretgate\.toml/);
  });

  it('scans a file the pushed .gitattributes marks -diff, and one with a NUL at its top', async () => {
    const { run } = pushToMain({}, {
      '.gitattributes': '*.cfg -diff\n',
      'app.cfg': `token = "${planted.githubPat}"\n`,
      '.env': `\0\nSTRIPE=${planted.stripeLive}\n`,
    });
    const result = await run();
    expect(result.exitCode, result.log).toBe(1);
    expect(result.log).toMatch(/github-pat,file=app\.cfg/);
    expect(result.log).toMatch(/file=\.env/);
    expect(result.log).not.toContain('No secrets found');
  });

  it('puts what it could not scan up for review, with the path, the reason and the size', async () => {
    const { run } = pushToMain({ '.secretgate.toml': '[scan]\nmaxFileSize = "64KB"\n' }, { 'data/dump.sql': `${'INSERT INTO t VALUES (1);\n'.repeat(4000)}${token}` });
    const result = await run();
    expect(result.exitCode, result.log).toBe(1);
    expect(result.outputs).toMatchObject({ decision: 'unreviewed', findings: '1' });
    expect(result.log).toMatch(/unscanned-file,file=data\/dump\.sql::Not scanned: larger than the scan limit \(scan\.maxFileSize\) \(101\.[0-9] KB\)/);
  });
});
