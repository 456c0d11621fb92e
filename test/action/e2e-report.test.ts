// The bundled Action without a server: report only, fail on findings (like gitleaks-action).
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { planted } from '../support/planted.js';
import { sarifSchemaErrors } from '../support/sarif-schema.js';
import { commit, git, initRepo, removeDir, tempDir } from '../support/git-fixture.js';
import { runAction, type ActionResult } from '../support/run-action.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

function repoWithSecret() {
  const repo = initRepo();
  dirs.push(repo);
  const before = commit(repo, 'initial', { 'README.md': '# widgets\n' });
  const after = commit(repo, 'add config', { 'src/config.js': `export const config = {\n  token: "${planted.githubPat}",\n};\n` });
  return { repo, before, after };
}

function hasCommit(repo: string, sha: string): boolean {
  try {
    git(repo, 'cat-file', '-e', `${sha}^{commit}`);
    return true;
  } catch {
    return false;
  }
}

function pushEvent(before: string, after: string) {
  return { ref: 'refs/heads/main', before, after, created: false, deleted: false, forced: false };
}

function expectNoRawSecret(result: ActionResult, secret: string) {
  expect(result.log).not.toContain(secret);
  expect(result.summary).not.toContain(secret);
  if (result.outputs['sarif-file']) expect(readFileSync(result.outputs['sarif-file'], 'utf8')).not.toContain(secret);
  for (const value of Object.values(result.outputs)) expect(value).not.toContain(secret);
}

describe('dist/index.js without server-url', () => {
  it('fails on a finding, with an annotation, a summary, SARIF and outputs, and masks the value', async () => {
    const { repo, before, after } = repoWithSecret();
    const result = await runAction({ workspace: repo, eventName: 'push', payload: pushEvent(before, after), sha: after });
    expect(result.exitCode, result.log).toBe(1);
    expect(result.outputs).toMatchObject({ decision: 'unreviewed', findings: '1', 'review-url': '' });
    // The runner masks what ::add-mask:: names: the raw value, once, and nowhere else.
    expect(result.masked).toEqual([planted.githubPat]);
    expectNoRawSecret(result, planted.githubPat);
    expect(result.log).toMatch(/^::error title=secretgate%3A github-pat,file=src\/config\.js,line=2,endLine=2,col=\d+,endColumn=\d+::/m);
    expect(result.log).toMatch(/^::error::Found 1 possible secret\./m);
    expect(result.summary).toContain('<td>src/config.js</td><td>2</td>');
    expect(result.summary).toContain(after.slice(0, 7));
    const sarif = JSON.parse(readFileSync(result.outputs['sarif-file']!, 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarifSchemaErrors(sarif)).toBe('');
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toEqual(['github-pat']);
  });

  it('writes valid SARIF under one code scanning category on every branch, so alerts match across runs', async () => {
    const { repo, before, after } = repoWithSecret();
    git(repo, 'checkout', '-q', '-b', 'feature/login');
    const tip = commit(repo, 'feature', { 'src/login.js': `export const key = "${planted.awsAccessKeyId}";\n` });
    const onMain = await runAction({ workspace: repo, eventName: 'push', payload: pushEvent(before, after), sha: after });
    const feature = { ref: 'refs/heads/feature/login', before: '0'.repeat(40), after: tip, created: true, deleted: false, forced: false };
    const onBranch = await runAction({ workspace: repo, eventName: 'push', payload: feature, sha: tip, ref: 'refs/heads/feature/login' });
    type Run = { automationDetails: { id: string; description: { text: string } }; results: unknown[] };
    const [main, branch] = [onMain, onBranch].map((r) => JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8')) as { runs: Run[] });
    for (const sarif of [main!, branch!]) {
      expect(sarifSchemaErrors(sarif)).toBe('');
      expect(sarif.runs[0]!.results).toHaveLength(1);
      // GitHub's category is the id up to its last '/': no branch, range or SHA in it.
      expect(sarif.runs[0]!.automationDetails.id).toBe('secretgate/');
    }
    expect(main!.runs[0]!.automationDetails.description.text).toContain(after.slice(0, 7));
    expect(branch!.runs[0]!.automationDetails.description.text).toContain('refs/heads/feature/login');
  });

  it('masks a multi-line private key line by line, as the runner masks the log', async () => {
    const repo = initRepo();
    dirs.push(repo);
    const before = commit(repo, 'initial', { 'README.md': '# widgets\n' });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const after = commit(repo, 'add key', { 'deploy/id_rsa': pem });
    const result = await runAction({ workspace: repo, eventName: 'push', payload: pushEvent(before, after), sha: after });
    expect(result.exitCode, result.log).toBe(1);
    expect(result.log).toContain('private-key');
    const body = pem.split('\n').filter((l) => l.length >= 8 && !l.startsWith('-----'));
    for (const line of body) {
      expect(result.masked).toContain(line);
      expect(result.log).not.toContain(line);
      expect(result.summary).not.toContain(line);
    }
  });

  it('annotates every finding, and says so when GitHub shows only the first ten', async () => {
    const repo = initRepo();
    dirs.push(repo);
    const before = commit(repo, 'initial', { 'README.md': '# widgets\n' });
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
    // Seeded, so every run plants the same twelve (and a flaky decoy cannot creep in).
    const token = (seed: number) => {
      let x = seed;
      let body = '';
      for (let i = 0; i < 36; i++) body += alphabet[(x = (x * 1103515245 + 12345) % 2147483648) % alphabet.length];
      return `ghp_${body}`;
    };
    const tokens = Array.from({ length: 12 }, (_, i) => token(101 + i * 7));
    const after = commit(repo, 'many', { 'src/tokens.js': tokens.map((t, i) => `export const t${i} = "${t}";`).join('\n') + '\n' });
    const result = await runAction({ workspace: repo, eventName: 'push', payload: pushEvent(before, after), sha: after });
    expect(result.outputs.findings).toBe('12');
    expect(result.log.match(/^::error title=secretgate%3A github-pat,file=src\/tokens\.js,line=\d+,/gm)).toHaveLength(12);
    expect(result.log).toMatch(/^::notice::12 findings: GitHub shows the first 10 as annotations/m);
    for (const t of tokens) expect(result.log).not.toContain(t);
  });

  it('passes a push that adds no secret', async () => {
    const repo = initRepo();
    dirs.push(repo);
    const before = commit(repo, 'initial', { 'README.md': '# widgets\n' });
    const after = commit(repo, 'docs', { 'docs/usage.md': 'Call widgets() with a name.\n' });
    const result = await runAction({ workspace: repo, eventName: 'push', payload: pushEvent(before, after), sha: after });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs).toMatchObject({ decision: 'clean', findings: '0' });
    const sarif = JSON.parse(readFileSync(result.outputs['sarif-file']!, 'utf8')) as { runs: { results: unknown[] }[] };
    expect(sarifSchemaErrors(sarif)).toBe('');
    expect(sarif.runs[0]!.results).toEqual([]);
    expect(result.summary).toContain('No secrets found.');
  });

  it('does not report a secret the push did not bring', async () => {
    const { repo, after } = repoWithSecret();
    const next = commit(repo, 'more docs', { 'docs/more.md': 'Nothing to see.\n' });
    const result = await runAction({ workspace: repo, eventName: 'push', payload: pushEvent(after, next), sha: next });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs.decision).toBe('clean');
  });

  it('after a force push whose old tip is gone, reports only what the new commits add', async () => {
    const repo = initRepo();
    dirs.push(repo);
    commit(repo, 'initial', { 'README.md': '# widgets\n' });
    // Already on main (and reviewed there): must not be reported again for the topic branch.
    commit(repo, 'main has an old one', { 'src/old.js': `export const t = "${planted.githubPat}";\n` });
    git(repo, 'checkout', '-q', '-b', 'topic');
    const newTip = commit(repo, 'rewritten', { 'src/new.js': `export const key = "${planted.awsAccessKeyId}";\n` });
    const gone = 'e'.repeat(40);
    const payload = { ref: 'refs/heads/topic', before: gone, after: newTip, created: false, deleted: false, forced: true };
    const result = await runAction({ workspace: repo, eventName: 'push', payload, sha: newTip, ref: 'refs/heads/topic' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.findings).toBe('1');
    expect(result.log).toContain('file=src/new.js');
    expect(result.log).not.toContain('file=src/old.js');
    expect(result.log).toContain('push (forced)');
  });

  it('for a new branch, reports only the commits no other branch has', async () => {
    const repo = initRepo();
    dirs.push(repo);
    commit(repo, 'initial', { 'README.md': '# widgets\n' });
    commit(repo, 'main has an old one', { 'src/old.js': `export const t = "${planted.githubPat}";\n` });
    git(repo, 'checkout', '-q', '-b', 'feature/new');
    commit(repo, 'feature one', { 'src/a.js': 'export const a = 1;\n' });
    const tip = commit(repo, 'feature two', { 'src/new.js': `export const key = "${planted.awsAccessKeyId}";\n` });
    const payload = { ref: 'refs/heads/feature/new', before: '0'.repeat(40), after: tip, created: true, deleted: false, forced: false };
    const result = await runAction({ workspace: repo, eventName: 'push', payload, sha: tip, ref: 'refs/heads/feature/new' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.findings).toBe('1');
    expect(result.log).toContain('file=src/new.js');
    expect(result.log).toContain('2 commits');
  });

  it('passes a push that deletes a branch without scanning anything', async () => {
    const { repo, after } = repoWithSecret();
    const payload = { ref: 'refs/heads/old', before: after, after: '0'.repeat(40), created: false, deleted: true, forced: false };
    const result = await runAction({ workspace: repo, eventName: 'push', payload, sha: '0'.repeat(40), ref: 'refs/heads/old' });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs).toMatchObject({ decision: 'clean', findings: '0' });
    expect(result.log).toContain('push: refs/heads/old deleted, nothing to scan');
  });

  it('runs on this machine\'s Node (20) as well as on the runner\'s Node 24', async () => {
    const { repo, before, after } = repoWithSecret();
    const result = await runAction({ workspace: repo, eventName: 'push', payload: pushEvent(before, after), sha: after, node: process.execPath });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ decision: 'unreviewed', findings: '1' });
    expect(result.masked).toEqual([planted.githubPat]);
  });

  it('fails, telling to set fetch-depth: 0, when a shallow clone cannot be completed', async () => {
    const { repo: origin, before, after } = repoWithSecret();
    commit(origin, 'third', { 'c.txt': 'c\n' });
    const head = commit(origin, 'fourth', { 'd.txt': 'd\n' });
    const clone = tempDir();
    dirs.push(clone);
    git(clone, 'clone', '-q', '--depth=1', `file://${origin}`, '.');
    git(clone, 'fetch', '-q', '--depth=1', 'origin', before);
    git(clone, 'remote', 'set-url', 'origin', `file://${origin}-gone`);
    const result = await runAction({ workspace: clone, eventName: 'push', payload: pushEvent(before, head), sha: head });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.decision).toBe('error');
    expect(result.log).toMatch(/^::error::.*fetch-depth: 0/m);
    // The summary says why too: a failed step's summary is where people look first.
    expect(result.summary).toMatch(/❌ .*fetch-depth: 0/);
    // It failed because it could not deepen the clone to the range's start, so the commit
    // with the secret was never read: the job must not have passed on it.
    expect(result.log).toContain(
      `::error::The commits to scan (the history of ${head.slice(0, 12)}) reach past this shallow clone, and fetching more from 'origin' failed: `,
    );
    expect(hasCommit(clone, after)).toBe(false);
  });

  it('fetches what a shallow clone lacks and reports the secret in a commit the checkout did not have', async () => {
    const { repo: origin, before, after } = repoWithSecret();
    commit(origin, 'third', { 'c.txt': 'c\n' });
    const head = commit(origin, 'fourth', { 'd.txt': 'd\n' });
    const clone = tempDir();
    dirs.push(clone);
    git(clone, 'clone', '-q', '--depth=1', `file://${origin}`, '.');
    expect(hasCommit(clone, after)).toBe(false);
    const result = await runAction({ workspace: clone, eventName: 'push', payload: pushEvent(before, head), sha: head });
    expect(result.exitCode, result.log).toBe(1);
    expect(hasCommit(clone, after)).toBe(true);
    expect(result.outputs).toMatchObject({ decision: 'unreviewed', findings: '1' });
    expect(result.log).toContain('1 finding in 3 commits.');
    expect(result.summary).toContain(after.slice(0, 7));
  });

  it('says to check out the repository first when the workspace is not one', async () => {
    const empty = tempDir();
    dirs.push(empty);
    const result = await runAction({ workspace: empty, eventName: 'push', payload: pushEvent('a'.repeat(40), 'b'.repeat(40)), sha: 'b'.repeat(40) });
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain(`::error::${empty} is not a git repository. Run actions/checkout (with fetch-depth: 0) before secretgate.`);
  });

  it('rejects an invalid timeout with the exact message', async () => {
    const { repo, before, after } = repoWithSecret();
    const result = await runAction({ workspace: repo, eventName: 'push', payload: pushEvent(before, after), sha: after, inputs: { timeout: '3x' } });
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain("::error::Invalid timeout '3x'. Expected a duration such as 30m or 45s.");
  });
});
