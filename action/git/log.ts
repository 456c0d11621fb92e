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

/** A git process whose patch output is parsed once a consumer is ready for it. */
export interface PatchStream {
  parse(options: StreamOptions): Promise<DiffStats>;
  /** Stops git when the scan will not happen after all (say, a bad config file). */
  cancel(): void;
}

/**
 * Added lines of every commit `revs` selects (arguments as `git log` takes them). git starts
 * at once, so it runs while the caller still builds its detector; its output waits in the pipe.
 */
export function startLog(git: GitRunner, revs: string[]): PatchStream {
  return start(git, ['log', ...PATCH_ARGS, '--cc', `--format=${COMMIT_FORMAT}`, ...revs, '--']);
}

/** Added lines staged in the index (for a pre-commit hook). */
export function startStagedDiff(git: GitRunner): PatchStream {
  return start(git, ['diff', '--cached', ...PATCH_ARGS, '--']);
}

// git and the scan share the machine's cores only if git seldom waits on a full pipe, so
// chunks are queued as they arrive and the work is done in slices of about a millisecond,
// between which the event loop reads on. Past QUEUE_HIGH queued bytes git is paused, which
// bounds memory when the scan is the slower side.
const SLICE_MS = 1;
const QUEUE_HIGH = 8 * 1024 * 1024;

function start(git: GitRunner, args: string[]): PatchStream {
  const { child, done } = git.stream(args);
  // Read from the start: Node discards the output of a child that exits before anyone
  // listens, and git may well finish while the caller is still loading its rules.
  const chunks: Buffer[] = [];
  let queued = 0;
  let failure: unknown;
  let onChunk = () => {};
  child.stdout.on('data', (chunk: Buffer) => {
    if (failure !== undefined) return;
    chunks.push(chunk);
    queued += chunk.length;
    if (queued > QUEUE_HIGH) child.stdout.pause();
    onChunk();
  });
  // A consumer that never comes must not leave an unhandled rejection behind.
  done.catch(() => {});
  const stop = (e: unknown) => {
    failure = e;
    chunks.length = 0;
    child.kill('SIGTERM');
  };

  return {
    cancel: () => stop(new Error('cancelled')),
    async parse(options) {
      const fragments: Fragment[] = [];
      const parser = new DiffParser({ ...options, onFragment: (f) => fragments.push(f) });
      let scheduled = false;
      let closed = false;
      let finish!: () => void;
      const drained = new Promise<void>((resolve) => (finish = resolve));
      const drain = () => {
        scheduled = false;
        const until = performance.now() + SLICE_MS;
        try {
          while (failure === undefined) {
            const fragment = fragments.shift();
            if (fragment) options.onFragment(fragment);
            else {
              const chunk = chunks.shift();
              if (chunk === undefined) break;
              queued -= chunk.length;
              parser.write(chunk);
              options.onProgress?.(parser.stats.addedBytes);
            }
            if (performance.now() >= until) break;
          }
        } catch (e) {
          stop(e);
          fragments.length = 0;
        }
        if (child.stdout.isPaused() && queued < QUEUE_HIGH / 2) child.stdout.resume();
        if (chunks.length > 0 || fragments.length > 0) schedule();
        else if (closed) finish();
      };
      const schedule = () => {
        if (scheduled) return;
        scheduled = true;
        setImmediate(drain);
      };
      onChunk = schedule;
      schedule();
      try {
        await done;
      } catch (e) {
        if (failure === undefined) stop(e);
      }
      closed = true;
      if (!scheduled) finish();
      await drained;
      if (failure !== undefined) throw failure;
      parser.end();
      for (const fragment of fragments) options.onFragment(fragment);
      return parser.stats;
    },
  };
}
