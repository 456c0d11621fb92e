// Streams the lines a range of commits adds: one `git log -p` process, parsed as it runs.
import type { LineSieve } from '../engine/line-sieve.js';
import type { Fragment } from '../engine/types.js';
import { COMMIT_FORMAT, DiffParser, type DiffStats, type SkippedFile } from './diff-parser.js';
import type { GitRunner } from './runner.js';

export interface StreamOptions {
  onFragment(fragment: Fragment): void;
  onSkip?(skipped: SkippedFile): void;
  maxFileBytes: number;
  /** Drops, undecoded, the lines no rule could match (Detector.sieve). */
  sieve?: LineSieve;
  /** Called after each chunk of git's output with the added bytes looked at so far. */
  onProgress?(addedBytes: number): void;
}

// Byte-exact patches, whatever the user's config says: no external diff or textconv
// drivers, fixed prefixes, renames detected so a moved file is not rescanned.
const PATCH_ARGS = ['-p', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '-M', '--src-prefix=a/', '--dst-prefix=b/'];

/** Added lines of every commit `revs` selects (arguments as `git log` takes them). */
export async function streamLogAddedLines(git: GitRunner, revs: string[], options: StreamOptions): Promise<DiffStats> {
  return runParser(git, ['log', ...PATCH_ARGS, '--cc', `--format=${COMMIT_FORMAT}`, ...revs, '--'], options);
}

/** Added lines staged in the index (for a pre-commit hook). */
export async function streamStagedAddedLines(git: GitRunner, options: StreamOptions): Promise<DiffStats> {
  return runParser(git, ['diff', '--cached', ...PATCH_ARGS, '--'], options);
}

async function runParser(git: GitRunner, args: string[], options: StreamOptions): Promise<DiffStats> {
  const parser = new DiffParser(options);
  const { child, done } = git.stream(args);
  let failure: unknown;
  child.stdout.on('data', (chunk: Buffer) => {
    if (failure !== undefined) return;
    try {
      parser.write(chunk);
      options.onProgress?.(parser.stats.addedBytes);
    } catch (e) {
      failure = e;
      child.kill('SIGTERM');
    }
  });
  await done;
  if (failure !== undefined) throw failure;
  parser.end();
  return parser.stats;
}
