// git's patch output goes to an unlinked temp file rather than a pipe. A pipe holds about
// 200 KB, so git stalls whenever the scan pauses for a millisecond (or while it loads its
// rules), and on two cores the two processes then take turns instead of running side by
// side. A file never fills; the scan reads it in large blocks as git writes it.
//
// The file is bounded all the same: once it holds `limit` bytes, git is stopped (SIGSTOP),
// the scan reads on to the end, the file is emptied and git goes on writing at its start
// (O_APPEND). Meanwhile git waits, as it would on a full pipe.
// Telling that git has really stopped needs /proc, so this is for Linux only; elsewhere the
// caller uses the pipe.
import { close, closeSync, fstatSync, ftruncateSync, openSync, readFileSync, readSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_SPOOL_LIMIT = 64 * 1024 * 1024;

export interface SpoolOptions {
  /** Where the file is made (it is unlinked at once); os.tmpdir() by default. */
  dir?: string;
  /** Bytes the file may reach before it is emptied. */
  limit?: number;
}

/** Bytes read between looks at the file's size (the limit may be passed by about this much). */
const CHECK_BYTES = 1024 * 1024;

/** How long git may take to come to a stop before the scan gives up on it. */
const STOP_TIMEOUT_MS = 10_000;

export class Spool {
  /** The file's peak size, and how often it was emptied, for tests of the bound. */
  peak = 0;
  rewinds = 0;
  private position = 0;
  private nextCheck = 0;

  private constructor(
    /** git's stdout: append-only, so writes after an emptying land at the start. */
    readonly writeFd: number,
    private readonly readFd: number,
    /** Bytes the file may reach before it is emptied. */
    readonly limit: number,
    /** Where the file was made. */
    readonly dir: string,
  ) {}

  /** An unlinked spool file, or undefined where one cannot be used (not Linux, Deno, no temp dir). */
  static open(options: SpoolOptions = {}): Spool | undefined {
    if (process.platform !== 'linux' || 'Deno' in globalThis) return undefined;
    const dir = options.dir ?? tmpdir();
    const path = join(dir, `secretgate-spool-${process.pid}-${Math.random().toString(36).slice(2)}`);
    let writeFd: number | undefined;
    try {
      writeFd = openSync(path, 'ax', 0o600);
      const readFd = openSync(path, 'r+');
      return new Spool(writeFd, readFd, options.limit ?? DEFAULT_SPOOL_LIMIT, dir);
    } catch {
      if (writeFd !== undefined) closeSync(writeFd);
      return undefined;
    } finally {
      // Gone from the directory at once: no copy of the patches outlives the scan, even a killed one.
      try {
        unlinkSync(path);
      } catch {}
    }
  }

  /** Once git has its copy of the write end. */
  closeWriteEnd(): void {
    closeSync(this.writeFd);
  }

  /** Reads into `into` from `offset` on; 0 when it has caught up with git for now. */
  read(into: Buffer, offset = 0): number {
    const n = readSync(this.readFd, into, offset, into.length - offset, this.position);
    this.position += n;
    return n;
  }

  /**
   * Whether the scan has read enough since the size was last looked at: while it keeps pace
   * with git it reads often and little, and a stat each time would cost as much as the reads.
   */
  due(): boolean {
    return this.position >= this.nextCheck;
  }

  /** Whether the file has reached its limit and should be emptied. */
  full(): boolean {
    this.nextCheck = this.position + CHECK_BYTES;
    const size = fstatSync(this.readFd).size;
    if (size > this.peak) this.peak = size;
    return size >= this.limit;
  }

  /** Stops the writer `pid` and returns once it has stopped: what it wrote is all in the file. */
  stopWriter(pid: number): void {
    process.kill(pid, 'SIGSTOP');
    try {
      waitUntilStopped(pid);
    } catch (e) {
      process.kill(pid, 'SIGCONT');
      throw e;
    }
  }

  /** Empties the file once every byte is read (its writer stopped), to be written from the start. */
  rewind(): void {
    ftruncateSync(this.readFd, 0);
    this.position = 0;
    this.nextCheck = 0;
    this.rewinds++;
  }

  close(): void {
    // The last descriptor of an unlinked file: closing it frees the file's pages, some
    // milliseconds for a large range, which a pool thread can spend while the report is written.
    close(this.readFd, () => {});
  }
}

// A stop signal takes effect on git's way back to user mode, so a write in progress is
// complete once /proc says stopped (T) or exited (Z).
function waitUntilStopped(pid: number): void {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  const until = performance.now() + STOP_TIMEOUT_MS;
  while (!isStopped(pid)) {
    if (performance.now() > until) throw new Error(`git (pid ${pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s to let its spool file be emptied`);
    Atomics.wait(nap, 0, 0, 0.05);
  }
}

function isStopped(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return true;
  }
  // The state follows the command name, which is in parentheses and may hold anything.
  const state = stat[stat.lastIndexOf(')') + 2];
  return state === 'T' || state === 't' || state === 'Z' || state === 'X';
}
