// Streams the lines a range of commits adds: one `git log -p` process, parsed as it runs.
import type { LineSieve } from '../engine/line-sieve.js';
import type { Fragment } from '../engine/types.js';
import { COMMIT_FORMAT, DiffParser, type DiffStats, type SkippedFile } from './diff-parser.js';
import { GitError, type GitRunner } from './runner.js';
import { Spool, type SpoolOptions } from './spool.js';
import type { ChildProcess } from 'node:child_process';

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
// pipe and hears of git's exit. With the pipe, chunks are queued as they arrive; past
// QUEUE_HIGH queued bytes git is paused, which bounds memory when the scan is the slower side.
const SLICE_MS = 1;
const QUEUE_HIGH = 8 * 1024 * 1024;
// Reading the spool file: block size, and the longest nap when it has caught up with git.
const READ_BYTES = 256 * 1024;
const MAX_NAP_MS = 32;
const GUARD_MS = 5;
const NL = 10;

/** Where the bytes come from: `take()` gives what is ready; `wake` is called when more may be. */
interface ByteSource {
  /** The next bytes, valid until the next call, or undefined when none are ready now. */
  take(): Buffer | undefined;
  /** Calls `wake` once, when take() may give more or git has ended. */
  whenReady(wake: () => void): void;
  /** Called once parsing has ended, well or not. */
  close(): void;
}

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

/** git could not write its output: say where it was writing, and what to do. */
function explainSpoolFailure(e: unknown, spool: Spool): unknown {
  if (!(e instanceof GitError) || !/No space left on device|Disk quota exceeded/.test(e.stderr)) return e;
  return new GitError(
    `${e.message} (git's output is spooled in ${spool.dir}, up to ${spool.limit / 1024 / 1024} MiB at a time: free space there, or set TMPDIR to a directory with room)`,
    e.args,
    e.exitCode,
    e.stderr,
  );
}

function pipeSource(child: ChildProcess, ended: () => boolean): ByteSource {
  // Read from the start: Node discards the output of a child that exits before anyone
  // listens, and git may well finish while the caller is still loading its rules.
  const stdout = child.stdout!;
  const chunks: Buffer[] = [];
  let queued = 0;
  let closed = false;
  let waiting: (() => void) | undefined;
  const wake = () => {
    const w = waiting;
    waiting = undefined;
    w?.();
  };
  stdout.on('data', (chunk: Buffer) => {
    if (closed) return;
    chunks.push(chunk);
    queued += chunk.length;
    if (queued > QUEUE_HIGH) stdout.pause();
    wake();
  });
  child.on('close', () => setImmediate(wake));
  return {
    take() {
      const chunk = chunks.shift();
      if (chunk === undefined) return undefined;
      queued -= chunk.length;
      if (stdout.isPaused() && queued < QUEUE_HIGH / 2) stdout.resume();
      return chunk;
    },
    whenReady(w) {
      if (chunks.length > 0 || ended()) setImmediate(w);
      else waiting = w;
    },
    close() {
      closed = true;
      chunks.length = 0;
    },
  };
}

function spoolSource(spool: Spool, child: ChildProcess, ended: () => boolean): ByteSource {
  const block = Buffer.allocUnsafe(READ_BYTES);
  // The last chunk was block[0, handed); block[handed, handed + carried) is read, not handed.
  let handed = 0;
  let carried = 0;
  let nap = 1;
  let closed = false;
  // git is stopped while the scan reads the full file to its end, before it is emptied.
  let stopped = false;
  let waiting: (() => void) | undefined;
  child.on('close', () => {
    const w = waiting;
    waiting = undefined;
    if (w) setImmediate(w);
  });
  // Reaped means its pid may be another process's by now: never signal it then.
  const running = () => child.exitCode === null && child.signalCode === null && !ended();
  const stopIfFull = () => {
    // The size is looked at whatever else holds, so `peak` is the file's high-water mark.
    if (spool.full() && !stopped && running()) {
      spool.stopWriter(child.pid!);
      stopped = true;
    }
  };
  // Until parsing starts, a timer holds the file to its limit.
  let guard: NodeJS.Timeout | undefined = setInterval(stopIfFull, GUARD_MS).unref();
  const unguard = () => {
    clearInterval(guard);
    guard = undefined;
  };
  child.on('close', unguard);
  return {
    take() {
      if (closed) return undefined;
      if (guard) unguard();
      if (spool.due()) stopIfFull();
      // One block, read into again and again (the parser copies what it keeps of a chunk).
      // A chunk ends at a newline: the part line after it stays at the block's start, and
      // the next read lands behind it, so the parser need not hold and join lines.
      if (carried > 0) block.copyWithin(0, handed, handed + carried);
      const filled = carried + spool.read(block, carried);
      if (filled > carried) {
        nap = 1;
        const lastNewline = block.lastIndexOf(NL, filled - 1);
        // No newline in a whole block: a line longer than it, which the parser holds.
        handed = lastNewline === -1 ? filled : lastNewline + 1;
        carried = filled - handed;
        return block.subarray(0, handed);
      }
      if (carried > 0 && ended()) {
        // git's output ended without a newline.
        handed = carried;
        carried = 0;
        return block.subarray(0, handed);
      }
      handed = 0;
      if (stopped) {
        stopped = false;
        spool.rewind();
        child.kill('SIGCONT');
      }
      return undefined;
    },
    whenReady(w) {
      if (ended()) return void setImmediate(w);
      // Nothing says when git writes to a file: look again after a nap that grows while git
      // is slow (say, diffing a large tree) and is back to 1 ms as soon as it writes again.
      waiting = w;
      setTimeout(() => {
        if (waiting !== w) return;
        waiting = undefined;
        w();
      }, nap);
      nap = Math.min(nap * 2, MAX_NAP_MS);
    },
    close() {
      if (closed) return;
      closed = true;
      unguard();
      if (stopped) child.kill('SIGCONT');
      spool.close();
    },
  };
}
