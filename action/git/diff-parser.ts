// Turns `git log -p -U0 --cc` (or `git diff -U0`) output into fragments of added lines, one
// stream chunk at a time, so memory stays bounded whatever the size of the history. It reads
// bytes: with a line sieve, an added line that holds no rule's keyword is counted and
// dropped without ever being decoded, which is what lets a scan keep up with git.
import type { Fragment } from '../engine/types.js';
import { reachAfter, SIEVE_KEYWORD, type LineSieve } from '../engine/line-sieve.js';
import { printableLine } from '../engine/printable-runs.js';
import { unquoteGitPath } from './unquote.js';

/** The `--format` the parser expects for commit headers (record/unit separators). */
export const COMMIT_FORMAT = '%x1e%H%x1f%aI%x1f%ae%x1f%an';

export interface SkippedFile {
  file: string;
  commit?: string;
  reason: 'binary' | 'too-large';
  /** Added bytes of the file in that commit, where git's output told. */
  bytes?: number;
}

export interface DiffParserOptions {
  onFragment(fragment: Fragment): void;
  onSkip?(skipped: SkippedFile): void;
  /** Added bytes of one file in one commit beyond which the rest is not scanned (and reported). */
  maxFileBytes: number;
  /**
   * Fragments are cut at this size (default 16 KiB of kept text): it bounds memory, and keeps
   * each detection call short, so the event loop reads git's pipe often and git seldom waits.
   */
  flushBytes?: number;
  /** Keeps only lines some rule could match; without one, every added line is kept. */
  sieve?: LineSieve;
}

interface CommitInfo {
  commit: string;
  date: string;
  email: string;
  author: string;
}

export interface DiffStats {
  commits: number;
  files: number;
  /** Added lines and bytes looked at (kept or sieved out), up to each file's size limit. */
  addedLines: number;
  addedBytes: number;
}

const NL = 10;
const PLUS = 43;
const MINUS = 45;
// A line held across chunks stops being buffered past this: no line that long can be
// scanned (the size limit), and only its first bytes say what kind of line it was.
const HEAD_BYTES = 64;

export class DiffParser {
  readonly stats: DiffStats = { commits: 0, files: 0, addedLines: 0, addedBytes: 0 };
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private pendingOverflow = false;
  /** Bytes of the held line so far, those forgotten past the limit included. */
  private pendingTotal = 0;
  private commit: CommitInfo | undefined;
  private file: string | undefined;
  private inHunk = false;
  private parents = 1;
  private newLine = 0;
  private parts: string[] = [];
  private lineNumbers: number[] = [];
  private lineRules: (readonly number[] | undefined)[] = [];
  private bufferedBytes = 0;
  private fileBytes = 0;
  /** Lines of the current file that start before this offset are kept for a multiline rule. */
  private reachEnd = 0;
  private tooLarge = false;
  /** Added bytes of the current file, counted on past the size limit for the skip report. */
  private fileTotal = 0;
  // The first NUL at or after `nulFrom` in the buffer `lines()` is reading (-1: none), so each
  // line's check for one is a comparison, and a buffer is searched once however many lines.
  private nulAt = -1;
  private nulFrom = Infinity;
  private readonly flushBytes: number;

  constructor(private readonly options: DiffParserOptions) {
    this.flushBytes = options.flushBytes ?? 16 * 1024;
  }

  write(chunk: Buffer): void {
    let from = 0;
    if (this.pending.length > 0) {
      const nl = chunk.indexOf(NL);
      if (nl === -1) return this.hold(chunk, 0);
      this.finishHeld(chunk.subarray(0, nl + 1));
      from = nl + 1;
    }
    const last = chunk.lastIndexOf(NL);
    if (last >= from) {
      this.lines(chunk, from, last + 1);
      from = last + 1;
    }
    if (from < chunk.length) this.hold(chunk, from);
  }

  end(): void {
    if (this.pending.length > 0) this.finishHeld(Buffer.from('\n'));
    this.endFile();
  }

  /** The held line, completed by `tail` (which ends with its newline). */
  private finishHeld(tail: Buffer): void {
    if (this.pendingOverflow) this.overlongLine(Buffer.concat(this.pending), this.pendingTotal + tail.length);
    else {
      const joined = Buffer.concat([...this.pending, tail]);
      this.lines(joined, 0, joined.length);
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingTotal = 0;
    this.pendingOverflow = false;
  }

  /** Keeps the start of a line whose newline has not arrived yet (a copy: chunks are not ours). */
  private hold(chunk: Buffer, from: number): void {
    this.pendingTotal += chunk.length - from;
    if (this.pendingOverflow) return;
    const room = this.options.maxFileBytes + HEAD_BYTES - this.pendingBytes;
    if (chunk.length - from > room) {
      // Longer than any file may be: keep only its head, and forget the rest as it streams.
      this.pending.push(Buffer.from(chunk.subarray(from, from + Math.min(room, HEAD_BYTES))));
      this.pendingOverflow = true;
      return;
    }
    this.pending.push(Buffer.from(chunk.subarray(from)));
    this.pendingBytes += chunk.length - from;
  }

  /** Complete lines: `buf[end - 1]` is a newline. */
  private lines(buf: Buffer, i: number, end: number): void {
    // Read blocks are reused: nothing known of an earlier buffer holds for this one.
    this.nulFrom = Infinity;
    while (i < end) {
      // Hot path, inside a -U0 hunk of an ordinary diff: a removed line is skipped, and an
      // added one meets the sieve before anything is decoded.
      if (this.inHunk && this.parents === 1) {
        const c = buf[i];
        if (c === MINUS) {
          i = buf.indexOf(NL, i) + 1;
          continue;
        }
        if (c === PLUS) {
          i = this.addedLine(buf, i + 1, end) + 1;
          continue;
        }
      }
      const nl = buf.indexOf(NL, i);
      this.line(buf, i, nl);
      i = nl + 1;
    }
  }

  private line(buf: Buffer, start: number, end: number): void {
    const c = buf[start];
    if (this.inHunk) {
      const p = this.parents;
      if (c === PLUS || c === 32 /* space */) {
        // Combined diffs have a column per parent: a line is new only if every column says +.
        const prefixEnd = Math.min(start + p, end);
        if (c === PLUS && countByte(buf, start, prefixEnd, PLUS) === p) {
          this.addedLine(buf, start + p, end + 1);
          return;
        }
        if (countByte(buf, start, prefixEnd, MINUS) === 0) this.newLine++;
        return;
      }
      if (c === MINUS || c === 92 /* \ */) return;
      if (c !== 64 /* @ */) this.inHunk = false;
    }
    if (c === 0x1e || c === 100 /* d */ || c === 64 /* @ */ || c === PLUS || c === 66 /* B */ || c === 114 /* r */) {
      this.header(buf.toString('utf8', start, end));
    }
  }

  /** A line that was too long to buffer; `head` is its first bytes, `total` its size. */
  private overlongLine(head: Buffer, total: number): void {
    if (!this.inHunk) return;
    const p = this.parents;
    if (countByte(head, 0, Math.min(p, head.length), PLUS) === p) {
      // An added line longer than the size limit: the file is over it.
      this.newLine++;
      if (this.file !== undefined && !this.tooLarge) this.overLimit();
      this.fileTotal += total - p;
      return;
    }
    if (head[0] === 32 || (head[0] === PLUS && countByte(head, 0, Math.min(p, head.length), MINUS) === 0)) this.newLine++;
  }

  private header(line: string): void {
    const c = line.charCodeAt(0);
    if (c === 64 && line.startsWith('@@')) return this.hunkHeader(line);
    if (c === 0x1e) return this.commitHeader(line);
    if (c === 100 && line.startsWith('diff ')) return this.startFile(line);
    if (c === PLUS && line.startsWith('+++ ')) return this.newPath(line.slice(4));
    if (c === 66 && line.startsWith('Binary files ')) return this.binary(line);
    if (c === 114 && line.startsWith('rename to ')) this.file = unquoteGitPath(line.slice(10));
  }

  private binary(line: string): void {
    // Binary patches have no ---/+++ lines: the new path is in `Binary files A and B differ`.
    const m = /^Binary files (?:"(?:[^"\\]|\\.)*"|.*?) and ("(?:[^"\\]|\\.)*"|.*) differ$/.exec(line);
    const target = m ? unquoteGitPath(m[1]!) : this.file;
    this.file = undefined;
    if (target === undefined || target === '/dev/null') return;
    // Scans run with --text, so git says this only of a diff it could not make as text: a
    // file that cannot be read is reported, never passed.
    const file = target.startsWith('b/') ? target.slice(2) : target;
    this.options.onSkip?.({ file, ...(this.commit && { commit: this.commit.commit }), reason: 'binary' });
  }

  private commitHeader(line: string): void {
    this.endFile();
    const [commit = '', date = '', email = '', author = ''] = line.slice(1).split('\x1f');
    this.commit = { commit, date, email, author };
    this.stats.commits++;
  }

  private startFile(line: string): void {
    this.endFile();
    // `diff --cc path` names the file; `diff --git a/x b/y` is settled by the +++ line.
    const combined = /^diff --(?:cc|combined) (.*)$/.exec(line);
    this.file = combined ? unquoteGitPath(combined[1]!) : undefined;
    this.parents = 1;
    this.fileBytes = 0;
    this.fileTotal = 0;
    this.reachEnd = 0;
    this.tooLarge = false;
    this.stats.files++;
  }

  private newPath(raw: string): void {
    const path = unquoteGitPath(raw.endsWith('\t') ? raw.slice(0, -1) : raw);
    this.file = path === '/dev/null' ? undefined : path.startsWith('b/') ? path.slice(2) : path;
  }

  private hunkHeader(line: string): void {
    let ats = 0;
    while (line.charCodeAt(ats) === 64) ats++;
    this.parents = Math.max(1, ats - 1);
    const m = /\+(\d+)(?:,\d+)? @/.exec(line);
    this.newLine = m ? Number(m[1]) : 1;
    this.inHunk = true;
  }

  /**
   * The added line from `start` (after its prefix) to the first newline before `end`, through
   * the sieve when there is one. Returns that newline's index.
   */
  private addedLine(buf: Buffer, start: number, end: number): number {
    const sieve = this.options.sieve;
    const nl = sieve ? sieve.line(buf, start, end) : buf.indexOf(NL, start);
    if (this.nulBefore(buf, start, nl)) {
      this.binaryLine(buf, start, nl);
      return nl;
    }
    this.added(buf, start, nl, sieve ? sieve.verdict : SIEVE_KEYWORD);
    return nl;
  }

  /** Whether `buf[start, end)` holds a NUL, searching each buffer once from left to right. */
  private nulBefore(buf: Buffer, start: number, end: number): boolean {
    if (start < this.nulFrom || (this.nulAt !== -1 && this.nulAt < start)) {
      this.nulAt = buf.indexOf(0, start);
      this.nulFrom = start;
    }
    return this.nulAt !== -1 && this.nulAt < end;
  }

  /**
   * A line with NUL bytes (binary content, or UTF-16 text) is read as its printable runs, as
   * `strings` would, and sieved again as such; its size still counts as the bytes git gave.
   */
  private binaryLine(buf: Buffer, start: number, nl: number): void {
    const runs = printableLine(buf, start, nl);
    const line = Buffer.allocUnsafe(runs.length + 1);
    runs.copy(line);
    line[runs.length] = NL;
    const sieve = this.options.sieve;
    if (sieve) sieve.line(line, 0, line.length);
    this.added(line, 0, runs.length, sieve ? sieve.verdict : SIEVE_KEYWORD, nl - start + 1);
  }

  /**
   * One added line, `buf[start, end)` without its prefix; `verdict` is the sieve's. `bytes`:
   * its size in git's output, where that differs from what is scanned.
   */
  private added(buf: Buffer, start: number, end: number, verdict: number, bytes = end - start + 1): void {
    const lineNumber = this.newLine++;
    if (this.file === undefined) return;
    this.fileTotal += bytes;
    if (this.tooLarge) return;
    if (this.fileBytes + bytes > this.options.maxFileBytes) return this.overLimit();
    const offset = this.fileBytes;
    this.fileBytes += bytes;
    this.stats.addedLines++;
    this.stats.addedBytes += bytes;
    // A multiline rule's match may run on past its keyword's line: those lines are kept, and
    // no fragment is cut between them.
    const inReach = offset < this.reachEnd;
    this.reachEnd = reachAfter(verdict, this.fileBytes, this.reachEnd);
    if (verdict === 0 && !inReach) return;
    // Cuts fall between whole lines, at the same places however git's output was split
    // into chunks, so a scan's result never depends on pipe timing.
    if (this.bufferedBytes > 0 && this.bufferedBytes + bytes > this.flushBytes && !inReach) this.flush();
    this.parts.push(buf.toString('utf8', start, end));
    this.lineNumbers.push(lineNumber);
    if (this.options.sieve) this.lineRules.push(verdict === 0 ? undefined : this.options.sieve.rules);
    this.bufferedBytes += bytes;
  }

  /** The rest of the file is not scanned; it is reported, with its size, when the file ends. */
  private overLimit(): void {
    this.tooLarge = true;
    this.flush();
  }

  private endFile(): void {
    this.flush();
    if (this.tooLarge && this.file !== undefined) {
      this.options.onSkip?.({ file: this.file, ...(this.commit && { commit: this.commit.commit }), reason: 'too-large', bytes: this.fileTotal });
    }
    this.tooLarge = false;
    this.file = undefined;
    this.inHunk = false;
  }

  private flush(): void {
    const { parts, lineNumbers, lineRules } = this;
    this.parts = [];
    this.lineNumbers = [];
    this.lineRules = [];
    this.bufferedBytes = 0;
    if (parts.length === 0 || this.file === undefined) return;
    const fragment: Fragment = { file: this.file, text: parts.join('\n'), lineNumbers };
    if (this.options.sieve) fragment.keywordHits = { sieve: this.options.sieve, rules: lineRules };
    if (this.commit) {
      fragment.commit = this.commit.commit;
      fragment.author = this.commit.author;
      fragment.email = this.commit.email;
      fragment.date = this.commit.date;
    }
    this.options.onFragment(fragment);
  }
}

function countByte(buf: Uint8Array, start: number, end: number, byte: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (buf[i] === byte) n++;
  return n;
}
