// Clear answers before `git log` gives a cryptic one: not a repository, an unknown
// revision, or a commit a shallow clone does not have.
import { GitError, type GitRunner } from './runner.js';

export class RangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RangeError';
  }
}

export async function assertGitRepository(git: GitRunner): Promise<void> {
  const r = await git.run(['rev-parse', '--git-dir'], { allowFailure: true }).catch((e: unknown) => {
    if (e instanceof GitError && e.exitCode === null) throw new RangeError(`git is not installed or not on PATH: ${e.message}`);
    throw e;
  });
  if (r.exitCode !== 0) {
    throw new RangeError(`${git.cwd} is not a git repository. Run secretgate scan --range inside a repository, or use --dir to scan files.`);
  }
}

/** Revisions named by a range argument such as `A..B`, `A...B` or `B`. */
export function revisionsOf(range: string): string[] {
  return range.split(/\.{2,3}/).filter((r) => r !== '');
}

export async function assertRevisionsExist(git: GitRunner, revisions: string[]): Promise<void> {
  const missing: string[] = [];
  for (const rev of revisions) {
    if (rev.startsWith('-')) throw new RangeError(`Invalid revision '${rev}'.`);
    const r = await git.run(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { allowFailure: true });
    if (r.exitCode !== 0) missing.push(rev);
  }
  if (missing.length === 0) return;
  const shallow = (await git.run(['rev-parse', '--is-shallow-repository'], { allowFailure: true })).stdout.trim() === 'true';
  const names = missing.map((m) => `'${m}'`).join(', ');
  if (shallow) {
    throw new RangeError(
      `Commit ${names} is not in this shallow clone. Fetch the history the range needs (git fetch --unshallow, or actions/checkout with fetch-depth: 0) and run again.`,
    );
  }
  throw new RangeError(`Unknown revision ${names}: no such commit, branch or tag in ${git.cwd}.`);
}
