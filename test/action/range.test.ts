import { afterEach, describe, expect, it } from 'vitest';
import { createGitRunner } from '../../action/git/runner.js';
import { resolveRange, type RangeRequest } from '../../action/range.js';
import { IncompleteHistoryError } from '../../action/history.js';
import { commit, git, initRepo, listCommits, manyCommits, removeDir, tempDir } from '../support/git-fixture.js';

const zero = '0'.repeat(40);
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

function origin(): string {
  const dir = initRepo();
  dirs.push(dir);
  return dir;
}

/** A checkout as actions/checkout leaves it: a clone of `from`, on `branch`. */
function checkout(from: string, branch: string, depth?: number): string {
  const dir = tempDir();
  dirs.push(dir);
  const args = ['clone', '-q', '--no-tags', ...(depth ? [`--depth=${depth}`] : []), '--branch', branch, `file://${from}`, dir];
  git(dir, ...args);
  return dir;
}

function request(partial: Partial<RangeRequest> & Pick<RangeRequest, 'eventName'>): RangeRequest {
  return { payload: {}, sha: '', ref: '', remote: 'origin', ...partial };
}

async function scanned(repo: string, req: RangeRequest): Promise<string[]> {
  const range = await resolveRange(createGitRunner(repo), req);
  return listCommits(repo, range.revs).sort();
}

describe('push', () => {
  it('scans before..after', async () => {
    const o = origin();
    const c1 = commit(o, 'one');
    const c2 = commit(o, 'two');
    const c3 = commit(o, 'three');
    const repo = checkout(o, 'main');
    const req = request({ eventName: 'push', payload: { ref: 'refs/heads/main', before: c1, after: c3 } });
    expect(await scanned(repo, req)).toEqual([c2, c3].sort());
  });

  it('scans only the commits of a new branch that no other branch has', async () => {
    const o = origin();
    commit(o, 'one');
    commit(o, 'two');
    git(o, 'checkout', '-q', '-b', 'feature/x');
    const f1 = commit(o, 'f1');
    const f2 = commit(o, 'f2');
    git(o, 'checkout', '-q', 'main');
    commit(o, 'three on main');
    const repo = checkout(o, 'feature/x');
    const req = request({ eventName: 'push', payload: { ref: 'refs/heads/feature/x', before: zero, after: f2, created: true } });
    expect(await scanned(repo, req)).toEqual([f1, f2].sort());
  });

  it('scans only the new commits of a new branch in a depth-1 clone', async () => {
    const o = origin();
    for (let i = 0; i < 5; i++) commit(o, `main ${i}`);
    git(o, 'checkout', '-q', '-b', 'feature');
    const f1 = commit(o, 'f1');
    const f2 = commit(o, 'f2');
    git(o, 'checkout', '-q', 'main');
    commit(o, 'main after');
    const repo = checkout(o, 'feature', 1);
    const req = request({ eventName: 'push', payload: { ref: 'refs/heads/feature', before: zero, after: f2, created: true } });
    expect(await scanned(repo, req)).toEqual([f1, f2].sort());
  });

  it('scans nothing for a new branch made from a commit another branch has', async () => {
    const o = origin();
    commit(o, 'one');
    const c2 = commit(o, 'two');
    git(o, 'branch', 'copy');
    const repo = checkout(o, 'copy');
    const req = request({ eventName: 'push', payload: { ref: 'refs/heads/copy', before: zero, after: c2, created: true } });
    const range = await resolveRange(createGitRunner(repo), req);
    expect(range.revs.length).toBeGreaterThan(0);
    expect(listCommits(repo, range.revs)).toEqual([]);
  });

  it('scans only what is new after a force push whose old tip the checkout still has', async () => {
    const o = origin();
    commit(o, 'one');
    const c2 = commit(o, 'two');
    git(o, 'checkout', '-q', '-b', 'topic');
    commit(o, 'old a');
    const oldTip = commit(o, 'old b');
    git(o, 'reset', '-q', '--hard', c2);
    const n1 = commit(o, 'new a');
    // The runner's clone fetched the old tip earlier (it is in the object store, unreachable).
    const repo = checkout(o, 'topic');
    git(repo, 'fetch', '-q', 'origin', oldTip);
    const req = request({ eventName: 'push', payload: { ref: 'refs/heads/topic', before: oldTip, after: n1, forced: true } });
    expect(await scanned(repo, req)).toEqual([n1]);
  });

  it('scans only what is new after a force push whose old tip is gone everywhere', async () => {
    const o = origin();
    commit(o, 'one');
    git(o, 'checkout', '-q', '-b', 'topic');
    const n1 = commit(o, 'new a');
    const n2 = commit(o, 'new b');
    const repo = checkout(o, 'topic');
    const gone = 'e'.repeat(40);
    const req = request({ eventName: 'push', payload: { ref: 'refs/heads/topic', before: gone, after: n2, forced: true } });
    expect(await scanned(repo, req)).toEqual([n1, n2].sort());
  });

  it('scans nothing for a deleted branch', async () => {
    const o = origin();
    const c1 = commit(o, 'one');
    const repo = checkout(o, 'main');
    const req = request({ eventName: 'push', payload: { ref: 'refs/heads/gone', before: c1, after: zero, deleted: true } });
    const range = await resolveRange(createGitRunner(repo), req);
    expect(range.revs).toEqual([]);
    expect(range.description).toContain('deleted');
  });

  it('fetches the missing history of a depth-1 clone', async () => {
    const o = origin();
    const c1 = commit(o, 'one');
    const c2 = commit(o, 'two');
    const c3 = commit(o, 'three');
    const c4 = commit(o, 'four');
    const repo = checkout(o, 'main', 1);
    expect(git(repo, 'rev-parse', '--is-shallow-repository')).toBe('true');
    const req = request({ eventName: 'push', payload: { ref: 'refs/heads/main', before: c1, after: c4 } });
    expect(await scanned(repo, req)).toEqual([c2, c3, c4].sort());
  });

  it('fails, naming fetch-depth, when a shallow clone cannot fetch what the range needs', async () => {
    const o = origin();
    const c1 = commit(o, 'one');
    commit(o, 'two');
    commit(o, 'three');
    const c4 = commit(o, 'four');
    const repo = checkout(o, 'main', 1);
    git(repo, 'fetch', '-q', '--depth=1', 'origin', c1);
    git(repo, 'remote', 'set-url', 'origin', `file://${o}-moved`);
    const req = request({ eventName: 'push', payload: { ref: 'refs/heads/main', before: c1, after: c4 } });
    const attempt = resolveRange(createGitRunner(repo), req);
    await expect(attempt).rejects.toBeInstanceOf(IncompleteHistoryError);
    await expect(attempt).rejects.toThrow(/fetch-depth: 0/);
  });
});

describe('pull requests', () => {
  function prRepo() {
    const o = origin();
    commit(o, 'one');
    git(o, 'checkout', '-q', '-b', 'feature');
    const head = manyCommits(o, 260, 'feature');
    git(o, 'checkout', '-q', 'main');
    const mainTip = commit(o, 'main moves on');
    git(o, 'update-ref', 'refs/pull/7/head', head);
    return { o, head, mainTip, featureCommits: listCommits(o, [head, '--not', mainTip]) };
  }

  it('scans merge-base..head for pull_request, however many commits', async () => {
    const { o, head, mainTip, featureCommits } = prRepo();
    expect(featureCommits).toHaveLength(260);
    const repo = checkout(o, 'feature');
    const payload = { pull_request: { number: 7, base: { sha: mainTip, ref: 'main' }, head: { sha: head, ref: 'feature' } } };
    const range = await resolveRange(createGitRunner(repo), request({ eventName: 'pull_request', payload }));
    expect(listCommits(repo, range.revs).sort()).toEqual(featureCommits.sort());
    expect(range.base).toBe(git(o, 'merge-base', mainTip, head));
  });

  it('completes the default depth-1 checkout of the merge commit for pull_request', async () => {
    const { o, head, mainTip, featureCommits } = prRepo();
    // actions/checkout's default for pull_request: the test merge commit alone, detached.
    git(o, 'checkout', '-q', '--detach', mainTip);
    git(o, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #7', head);
    git(o, 'update-ref', 'refs/pull/7/merge', 'HEAD');
    git(o, 'checkout', '-q', 'main');
    const repo = tempDir();
    dirs.push(repo);
    git(repo, 'init', '-q');
    git(repo, 'remote', 'add', 'origin', `file://${o}`);
    git(repo, 'fetch', '-q', '--no-tags', '--depth=1', 'origin', '+refs/pull/7/merge:refs/remotes/pull/7/merge');
    git(repo, 'checkout', '-q', '--detach', 'refs/remotes/pull/7/merge');
    const payload = { pull_request: { number: 7, base: { sha: mainTip, ref: 'main' }, head: { sha: head, ref: 'feature' } } };
    expect(await scanned(repo, request({ eventName: 'pull_request', payload }))).toEqual(featureCommits.sort());
  });

  it('fetches the head of a pull_request_target, whose checkout is the base branch', async () => {
    const { o, head, mainTip, featureCommits } = prRepo();
    const repo = checkout(o, 'main', 1);
    const payload = { pull_request: { number: 7, base: { sha: mainTip, ref: 'main' }, head: { sha: head, ref: 'feature' } } };
    expect(await scanned(repo, request({ eventName: 'pull_request_target', payload }))).toEqual(featureCommits.sort());
  });

  it('scans base_sha..head_sha for merge_group', async () => {
    const o = origin();
    const base = commit(o, 'one');
    const q1 = commit(o, 'queued one');
    const q2 = commit(o, 'queued two');
    const repo = checkout(o, 'main');
    const payload = { merge_group: { base_sha: base, head_sha: q2 } };
    expect(await scanned(repo, request({ eventName: 'merge_group', payload }))).toEqual([q1, q2].sort());
  });
});

describe('other events and inputs', () => {
  it('scans the whole history for workflow_dispatch and schedule', async () => {
    const o = origin();
    const c1 = commit(o, 'one');
    const c2 = commit(o, 'two');
    const repo = checkout(o, 'main', 1);
    for (const eventName of ['workflow_dispatch', 'schedule']) {
      expect(await scanned(repo, request({ eventName, sha: c2 }))).toEqual([c1, c2].sort());
    }
  });

  it('scans base..head when the base input is set', async () => {
    const o = origin();
    commit(o, 'one');
    const c2 = commit(o, 'two');
    const c3 = commit(o, 'three');
    commit(o, 'four');
    const repo = checkout(o, 'main');
    const req = request({ eventName: 'workflow_dispatch', base: c2, head: c3, sha: c3 });
    expect(await scanned(repo, req)).toEqual([c3]);
  });
});
