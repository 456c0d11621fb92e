// Which commits to scan, from the event that started the job. Each event's rule is
// documented in docs/action.md and tested against a real repository in test/action/range.test.ts.
import type { GitRunner } from './git/runner.js';
import type { EventPayload } from './event.js';
import { ensureComplete, fetchCommit, isAncestor, isShallow, mergeBase, requireCommit } from './history.js';

export interface RangeRequest {
  eventName: string;
  payload: EventPayload;
  /** GITHUB_SHA. */
  sha: string;
  /** GITHUB_REF. */
  ref: string;
  /** `base` / `head` inputs. */
  base?: string;
  head?: string;
  remote: string;
}

export interface ScanRange {
  /** Revision arguments for `git log`; empty: nothing to scan (a deleted branch). */
  revs: string[];
  /** The commit the job is about (head of the range), resolved. */
  head: string;
  /** The commit the range starts after (merge base, push `before`), when there is one. */
  base?: string;
  /** One line for the log and the summary, e.g. `push: 1a2b3c4..5d6e7f8`. */
  description: string;
}

const zeroSha = /^0+$/;

export async function resolveRange(git: GitRunner, request: RangeRequest): Promise<ScanRange> {
  const { eventName, payload, remote } = request;
  const inRepository = await git.run(['rev-parse', '--git-dir'], { allowFailure: true });
  if (inRepository.exitCode !== 0) {
    throw new Error(`${git.cwd} is not a git repository. Run actions/checkout (with fetch-depth: 0) before secretgate.`);
  }
  if (request.base) {
    const head = await requireCommit(git, request.head ?? request.sha ?? 'HEAD', 'head', remote);
    return between(git, request.base, head, `${eventName} (base input)`, remote);
  }
  if (eventName === 'push') return pushRange(git, request);
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const pr = payload.pull_request;
    if (!pr) throw new Error(`The ${eventName} event payload has no pull_request; cannot tell what to scan.`);
    const head = await requireCommit(git, request.head ?? pr.head.sha, 'pull request head', remote);
    return between(git, pr.base.sha, head, `${eventName} #${pr.number}`, remote);
  }
  if (eventName === 'merge_group') {
    const group = payload.merge_group;
    if (!group) throw new Error('The merge_group event payload has no merge_group; cannot tell what to scan.');
    const head = await requireCommit(git, request.head ?? group.head_sha, 'merge group head', remote);
    return between(git, group.base_sha, head, 'merge_group', remote);
  }
  // workflow_dispatch, schedule and anything else: audit the whole history of the commit.
  const head = await requireCommit(git, request.head ?? (request.sha || 'HEAD'), 'head', remote);
  const revs = [head];
  await ensureComplete(git, revs, [head], remote);
  return { revs, head, description: `${eventName}: full history of ${short(head)}` };
}

async function pushRange(git: GitRunner, request: RangeRequest): Promise<ScanRange> {
  const { payload, remote } = request;
  const ref = payload.ref ?? request.ref;
  const after = request.head ?? payload.after ?? request.sha;
  if (payload.deleted || !after || zeroSha.test(after)) {
    return { revs: [], head: payload.before ?? '', description: `push: ${ref} deleted, nothing to scan` };
  }
  const head = await requireCommit(git, after, 'pushed', remote);
  const before = payload.before;
  if (!before || zeroSha.test(before) || payload.created) {
    // A new branch or tag: only what no other ref the checkout knows already has. A shallow
    // checkout knows one branch; learn the others, so their history can bound the range.
    const tips = [head];
    if (await isShallow(git)) {
      const branches = `+refs/heads/*:refs/remotes/${remote}/*`;
      const fetched = await git.run(['fetch', '--no-tags', '--no-recurse-submodules', '--depth=1', remote, branches], { allowFailure: true });
      if (fetched.exitCode === 0) tips.push(branches);
    }
    const revs = [head, '--not', ...(await otherRefs(git, ref))];
    await ensureComplete(git, revs, tips, remote);
    return { revs, head, description: `push: new ${ref}, commits not on other branches` };
  }
  const { sha: previous } = await fetchCommit(git, before, remote);
  if (previous) {
    const revs = [head, '--not', previous];
    await ensureComplete(git, revs, [head, previous], remote);
    if (await isAncestor(git, previous, head)) {
      return { revs, head, base: previous, description: `push: ${short(previous)}..${short(head)}` };
    }
  }
  // A force push: `before` is gone from the branch (or from the server). Scan what is new:
  // commits neither the old tip nor any other branch has.
  const revs = [head, '--not', ...(previous ? [previous] : []), ...(await otherRefs(git, ref))];
  await ensureComplete(git, revs, [head], remote);
  return { revs, head, base: previous, description: `push (forced): commits of ${short(head)} not on ${short(before)} or other branches` };
}

async function between(git: GitRunner, baseRev: string, head: string, label: string, remote: string): Promise<ScanRange> {
  const base = await requireCommit(git, baseRev, 'base', remote);
  const revs = [head, '--not', base];
  await ensureComplete(git, revs, [head, base], remote);
  // Everything head has that base lacks = merge-base..head, whatever the number of commits.
  const start = (await mergeBase(git, base, head)) ?? base;
  return { revs, head, base: start, description: `${label}: ${short(start)}..${short(head)}` };
}

/**
 * `--branches --remotes --tags` without the ref being pushed (local or remote-tracking copy),
 * as `git log` arguments: the rest of the repository the checkout knows.
 */
async function otherRefs(git: GitRunner, ref: string): Promise<string[]> {
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
  const tag = ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined;
  const remotes = (await git.run(['remote'])).stdout.split('\n').filter(Boolean);
  // Ref names cannot contain glob characters, so an exact name is a safe --exclude pattern.
  return [
    ...(branch ? [`--exclude=${branch}`] : []),
    '--branches',
    ...(branch ? remotes.map((r) => `--exclude=${r}/${branch}`) : []),
    // `origin/HEAD` is only an alias, possibly of the pushed branch; the branch it names is listed anyway.
    ...remotes.map((r) => `--exclude=${r}/HEAD`),
    '--remotes',
    ...(tag ? [`--exclude=${tag}`] : []),
    '--tags',
  ];
}

function short(sha: string): string {
  return sha.slice(0, 7);
}
