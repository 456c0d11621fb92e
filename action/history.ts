// Makes sure the commits a range needs are in the checkout: fetches missing commits and
// deepens a shallow clone until the range no longer runs into its shallow boundary.
// A range git could only read in part must never look like a clean range.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GitError, type GitRunner } from './git/runner.js';

const fetchHint = 'Set fetch-depth: 0 on actions/checkout so the history to scan is in the checkout.';

export class IncompleteHistoryError extends Error {
  constructor(message: string) {
    super(`${message} ${fetchHint}`);
    this.name = 'IncompleteHistoryError';
  }
}

export async function isShallow(git: GitRunner): Promise<boolean> {
  const { stdout } = await git.run(['rev-parse', '--is-shallow-repository']);
  return stdout.trim() === 'true';
}

/** The commit `rev` names, or undefined when it is not in the checkout. */
export async function tryResolveCommit(git: GitRunner, rev: string): Promise<string | undefined> {
  const { stdout, exitCode } = await git.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], {
    allowFailure: true,
  });
  return exitCode === 0 ? stdout.trim() : undefined;
}

/**
 * Resolves `rev` to a commit, fetching it from `remote` when the checkout lacks it
 * (a pull_request_target head, a push's `before` in a depth-1 clone).
 * Returns undefined when it cannot be had; `why` explains.
 */
export async function fetchCommit(
  git: GitRunner,
  rev: string,
  remote: string,
): Promise<{ sha?: string; why?: string }> {
  const present = await tryResolveCommit(git, rev);
  if (present) return { sha: present };
  // In a shallow clone, fetch only the commit; ensureComplete deepens as far as the range needs.
  const depth = (await isShallow(git)) ? ['--depth=1'] : [];
  const result = await git.run(['fetch', '--no-tags', '--no-recurse-submodules', ...depth, remote, rev], {
    allowFailure: true,
  });
  if (result.exitCode !== 0) return { why: gitReason(result.stderr) || `git fetch exited ${result.exitCode}` };
  const sha = (await tryResolveCommit(git, rev)) ?? (await tryResolveCommit(git, 'FETCH_HEAD'));
  return sha ? { sha } : { why: `'${rev}' is not a commit` };
}

export async function requireCommit(git: GitRunner, rev: string, role: string, remote: string): Promise<string> {
  const { sha, why } = await fetchCommit(git, rev, remote);
  if (sha) return sha;
  throw new IncompleteHistoryError(
    `The ${role} commit ${rev} is not in the checkout and could not be fetched from '${remote}': ${why}.`,
  );
}

/**
 * Deepens a shallow clone until no commit the range lists sits on the shallow boundary
 * (whose parents git does not have, so the log would silently stop there).
 * `tips` are the commits to deepen from.
 */
export async function ensureComplete(git: GitRunner, revs: string[], tips: string[], remote: string): Promise<void> {
  const steps: (string | undefined)[] = [undefined, '--deepen=100', '--deepen=2000', '--unshallow'];
  for (const step of steps) {
    if (step) {
      if (!(await isShallow(git))) return;
      const result = await git.run(
        ['fetch', '--no-tags', '--no-recurse-submodules', step, remote, ...tips],
        { allowFailure: true },
      );
      if (result.exitCode !== 0) {
        throw new IncompleteHistoryError(
          `The commits to scan (the history of ${short(revs[0])}) reach past this shallow clone, and fetching more from '${remote}' failed: ${gitReason(result.stderr)}.`,
        );
      }
    }
    if (!(await reachesShallowBoundary(git, revs))) return;
  }
  throw new IncompleteHistoryError(
    `The commits to scan (the history of ${short(revs[0])}) still reach past this shallow clone after fetching.`,
  );
}

async function reachesShallowBoundary(git: GitRunner, revs: string[]): Promise<boolean> {
  if (!(await isShallow(git))) return false;
  const boundary = await readShallowCommits(git);
  if (boundary.size === 0) return false;
  const { stdout } = await git.run(['rev-list', ...revs]);
  return stdout.split('\n').some((sha) => boundary.has(sha));
}

async function readShallowCommits(git: GitRunner): Promise<Set<string>> {
  const { stdout } = await git.run(['rev-parse', '--git-path', 'shallow']);
  try {
    const text = await readFile(resolve(git.cwd, stdout.trim()), 'utf8');
    return new Set(text.split('\n').filter(Boolean));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw e;
  }
}

export async function isAncestor(git: GitRunner, ancestor: string, descendant: string): Promise<boolean> {
  const { exitCode, stderr } = await git.run(['merge-base', '--is-ancestor', ancestor, descendant], {
    allowFailure: true,
  });
  if (exitCode > 1) throw new GitError(`git merge-base failed: ${gitReason(stderr)}`, [], exitCode, stderr);
  return exitCode === 0;
}

export async function mergeBase(git: GitRunner, a: string, b: string): Promise<string | undefined> {
  const { stdout, exitCode } = await git.run(['merge-base', a, b], { allowFailure: true });
  return exitCode === 0 ? stdout.trim() : undefined;
}

function short(sha: string | undefined): string {
  return (sha ?? '').slice(0, 12);
}

// git prints its reason last (after hints and warnings).
function gitReason(text: string): string {
  return text.trim().split('\n').pop()?.replace(/^fatal: /, '') ?? '';
}
