// Where the parser's bytes come from: git's stdout pipe, or the spool file git writes to.
import type { ChildProcess } from 'node:child_process';
import { GitError } from './runner.js';
import type { Spool } from './spool.js';

// With the pipe, chunks are queued as they arrive; past QUEUE_HIGH queued bytes git is
// paused, which bounds memory when the scan is the slower side.
const QUEUE_HIGH = 8 * 1024 * 1024;
// Reading the spool file: block size, and the longest nap when it has caught up with git.
const READ_BYTES = 256 * 1024;
const MAX_NAP_MS = 32;
// How often the file's size is looked at before parsing starts.
const GUARD_MS = 5;
const NL = 10;

/** Where the bytes come from: `take()` gives what is ready; `wake` is called when more may be. */
export interface ByteSource {
  /** The next bytes, valid until the next call, or undefined when none are ready now. */
  take(): Buffer | undefined;
  /** Calls `wake` once, when take() may give more or git has ended. */
  whenReady(wake: () => void): void;
  /** Called once parsing has ended, well or not. */
  close(): void;
}

/** git's stdout as it arrives, queued in memory up to QUEUE_HIGH. */
export function pipeSource(child: ChildProcess, ended: () => boolean): ByteSource {
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

/** The spool file, read in blocks as git writes it; emptied each time it reaches its limit. */
export function spoolSource(spool: Spool, child: ChildProcess, ended: () => boolean): ByteSource {
  const block = Buffer.allocUnsafe(READ_BYTES);
  // The last chunk was block[0, handed); block[handed, handed + carried) is read, not handed.
  let handed = 0;
  let carried = 0;
  let nap = 1;
  let closed = false;
  // git is stopped while the scan reads the full file to its end, before it is emptied.
  let stopped = false;
  let waiting: (() => void) | undefined;
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
  child.on('close', () => {
    unguard();
    const w = waiting;
    waiting = undefined;
    if (w) setImmediate(w);
  });
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

/** git could not write its output: say where it was writing, and what to do. */
export function explainSpoolFailure(e: unknown, spool: Spool): unknown {
  if (!(e instanceof GitError) || !/No space left on device|Disk quota exceeded/.test(e.stderr)) return e;
  return new GitError(
    `${e.message} (git's output is spooled in ${spool.dir}, up to ${spool.limit / 1024 / 1024} MiB at a time: free space there, or set TMPDIR to a directory with room)`,
    e.args,
    e.exitCode,
    e.stderr,
  );
}
