// Streams the lines a range of commits adds: one `git log -p` process, parsed as it runs.
import type { LineSieve } from '../engine/line-sieve.js';
import type { Fragment } from '../engine/types.js';
import { COMMIT_FORMAT, DiffParser, type DiffStats, type SkippedFile } from './diff-parser.js';
import { explainSpoolFailure, pipeSource, spoolSource } from './byte-source.js';
import type { GitRunner } from './runner.js';
import { Spool, type SpoolOptions } from './spool.js';

export interface StreamOptions {
  onFragment(fragment: Fragment): void;
  onSkip?(skipped: SkippedFile): void;
  maxFileBytes: number;
  /** Drops, undecoded, the lines no rule could match (Detector.sieve). */
  sieve?: LineSieve;
  /** Called after each chunk of git's output with the added bytes looked at so far. */
  onProgress?(addedBytes: number): void;
}

// Byte-exact patches, whatever the user's config or the pushed .gitattributes say: every file
// as text (`-diff` or a NUL byte would otherwise turn a file into "Binary files differ"), no
// external diff or textconv drivers, fixed prefixes, renames detected so a moved file is not
// rescanned.
const PATCH_ARGS = ['-p', '-U0', '--text', '--no-color', '--no-ext-diff', '--no-textconv', '-M', '--src-prefix=a/', '--dst-prefix=b/'];

/** A git process whose patch output is parsed once a consumer is ready for it. */
export interface PatchStream {
  parse(options: StreamOptions): Promise<DiffStats>;
  /** Stops git when the scan will not happen after all (say, a bad config file). */
  cancel(): void;
  /** The spool file git writes to, or undefined when its output comes through a pipe. */
  readonly spool: Spool | undefined;
}

/** How git's output reaches the parser; by default a spool file where one can be used. */
export interface TransportOptions {
  /** false: always the pipe. */
  spool?: SpoolOptions | false;
}

/**
 * Added lines of every commit `revs` selects (arguments as `git log` takes them). git starts
 * at once, so it runs while the caller still builds its detector.
 */
export function startLog(git: GitRunner, revs: string[], transport: TransportOptions = {}): PatchStream {
  return start(git, ['log', ...PATCH_ARGS, '--cc', `--format=${COMMIT_FORMAT}`, ...revs, '--'], transport);
}

/** Added lines staged in the index (for a pre-commit hook). */
export function startStagedDiff(git: GitRunner, transport: TransportOptions = {}): PatchStream {
  return start(git, ['diff', '--cached', ...PATCH_ARGS, '--'], transport);
}

// The work is done in slices of about a millisecond, so the event loop keeps reading the
// pipe and hears of git's exit.
const SLICE_MS = 1;

function start(git: GitRunner, args: string[], transport: TransportOptions): PatchStream {
  const spool = transport.spool === false ? undefined : Spool.open(transport.spool);
  let spawned;
  try {
    spawned = git.stream(args, spool && { stdout: spool.writeFd });
  } finally {
    spool?.closeWriteEnd();
  }
  const { child, done } = spawned;
  let ended = false;
  // A consumer that never comes must not leave an unhandled rejection behind.
  done.then(
    () => (ended = true),
    () => (ended = true),
  );
  const source = spool ? spoolSource(spool, child, () => ended) : pipeSource(child, () => ended);
  let failure: unknown;
  const stop = (e: unknown) => {
    failure = e;
    child.kill('SIGTERM');
    // A process stopped for the spool's emptying only acts on SIGTERM once it runs again.
    child.kill('SIGCONT');
  };

  return {
    spool,
    cancel: () => {
      stop(new Error('cancelled'));
      source.close();
    },
    async parse(options) {
      if (failure !== undefined) throw failure;
      const fragments: Fragment[] = [];
      const parser = new DiffParser({ ...options, onFragment: (f) => fragments.push(f) });
      let finish!: () => void;
      const drained = new Promise<void>((resolve) => (finish = resolve));
      const drain = () => {
        const until = performance.now() + SLICE_MS;
        let more = false;
        try {
          // Read before asking whether git has ended, so nothing it wrote before it ended is missed.
          const wasEnded = ended;
          while (failure === undefined) {
            const fragment = fragments.shift();
            if (fragment) options.onFragment(fragment);
            else {
              const chunk = source.take();
              if (chunk === undefined) break;
              parser.write(chunk);
              options.onProgress?.(parser.stats.addedBytes);
            }
            if (performance.now() >= until) {
              more = true;
              break;
            }
          }
          if (failure !== undefined || (!more && wasEnded)) return finish();
        } catch (e) {
          stop(e);
          return finish();
        }
        if (more) setImmediate(drain);
        else source.whenReady(drain);
      };
      setImmediate(drain);
      try {
        await done;
      } catch (e) {
        if (failure === undefined) stop(spool ? explainSpoolFailure(e, spool) : e);
      }
      await drained;
      source.close();
      if (failure !== undefined) throw failure;
      parser.end();
      for (const fragment of fragments) options.onFragment(fragment);
      return parser.stats;
    },
  };
}
