// Turns `git log -p -U0 --cc` (or `git diff -U0`) output into fragments of added lines, one
// stream chunk at a time, so memory stays bounded whatever the size of the history.
import type { Fragment } from '../engine/types.js';
import { unquoteGitPath } from './unquote.js';

/** The `--format` the parser expects for commit headers (record/unit separators). */
export const COMMIT_FORMAT = '%x1e%H%x1f%aI%x1f%ae%x1f%an';

export interface SkippedFile {
  file: string;
  commit?: string;
  reason: 'binary' | 'too-large';
}

export interface DiffParserOptions {
  onFragment(fragment: Fragment): void;
  onSkip?(skipped: SkippedFile): void;
  /** Added bytes of one file in one commit beyond which the rest is skipped. */
  maxFileBytes: number;
  /** Fragments are flushed at this size, which bounds memory. */
  flushBytes?: number;
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
  addedLines: number;
  addedBytes: number;
}

export class DiffParser {
  readonly stats: DiffStats = { commits: 0, files: 0, addedLines: 0, addedBytes: 0 };
  private pending = '';
  private commit: CommitInfo | undefined;
  private file: string | undefined;
  private inHunk = false;
  private parents = 1;
  private newLine = 0;
  private parts: string[] = [];
  private lineNumbers: number[] = [];
  private bufferedBytes = 0;
  private fileBytes = 0;
  private tooLarge = false;
  private readonly flushBytes: number;

  constructor(private readonly options: DiffParserOptions) {
    this.flushBytes = options.flushBytes ?? 256 * 1024;
  }

  write(chunk: string): void {
    const text = this.pending === '' ? chunk : this.pending + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      // Hot path, inside a -U0 hunk of an ordinary diff: a removed line needs no string, and a
      // run of added lines becomes one slice whose `+` prefixes are dropped natively.
      if (this.inHunk && this.parents === 1) {
        const c = text.charCodeAt(start);
        if (c === 45) {
          start = nl + 1;
          continue;
        }
        if (c === 43) {
          const runStart = start;
          let count = 0;
          let end = nl;
          for (;;) {
            count++;
            start = end + 1;
            const next = text.indexOf('\n', start);
            if (next === -1 || text.charCodeAt(start) !== 43) break;
            end = next;
          }
          this.added(text.slice(runStart + 1, end).replaceAll('\n+', '\n'), count);
          continue;
        }
      }
      this.line(text.slice(start, nl));
      start = nl + 1;
    }
    this.pending = text.slice(start);
  }

  end(): void {
    if (this.pending !== '') this.line(this.pending);
    this.pending = '';
    this.endFile();
  }

  private line(line: string): void {
    const c = line.charCodeAt(0);
    if (this.inHunk) {
      if (c === 43 /* + */) {
        if (this.parents === 1) return this.added(line.slice(1), 1);
        if (isAllPlus(line, this.parents)) return this.added(line.slice(this.parents), 1);
        if (!line.slice(0, this.parents).includes('-')) this.newLine++;
        return;
      }
      if (c === 45 /* - */ || c === 92 /* \ */) return;
      if (c === 32 /* space */) {
        if (this.parents === 1 || !line.slice(0, this.parents).includes('-')) this.newLine++;
        return;
      }
      if (c === 64 /* @ */) return this.hunkHeader(line);
      this.inHunk = false;
    }
    if (c === 0x1e) return this.commitHeader(line);
    if (c === 100 /* d */ && line.startsWith('diff ')) return this.startFile(line);
    if (c === 64 && line.startsWith('@@')) return this.hunkHeader(line);
    if (c === 43 && line.startsWith('+++ ')) return this.newPath(line.slice(4));
    if (c === 66 /* B */ && line.startsWith('Binary files ')) return this.binary(line);
    if (c === 114 /* r */ && line.startsWith('rename to ')) this.file = unquoteGitPath(line.slice(10));
  }

  private binary(line: string): void {
    // Binary patches have no ---/+++ lines: the new path is in `Binary files A and B differ`.
    const m = /^Binary files (?:"(?:[^"\\]|\\.)*"|.*?) and ("(?:[^"\\]|\\.)*"|.*) differ$/.exec(line);
    const target = m ? unquoteGitPath(m[1]!) : this.file;
    this.file = undefined;
    if (target === undefined || target === '/dev/null') return;
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

  /** `count` consecutive added lines of one hunk, joined by newlines. */
  private added(content: string, count: number): void {
    const firstLine = this.newLine;
    this.newLine += count;
    if (this.file === undefined || this.tooLarge) return;
    // The size limit and the flush size cut between whole lines, at the same places however
    // git's output was split into chunks, so a scan's result never depends on pipe timing.
    let text = content;
    let lines = count;
    let first = firstLine;
    for (;;) {
      const firstEnd = text.indexOf('\n');
      const firstBytes = (firstEnd === -1 ? text.length : firstEnd) + 1;
      if (this.fileBytes + firstBytes > this.options.maxFileBytes) {
        this.tooLarge = true;
        this.flush();
        this.options.onSkip?.({ file: this.file, ...(this.commit && { commit: this.commit.commit }), reason: 'too-large' });
        return;
      }
      const room = Math.min(this.options.maxFileBytes - this.fileBytes, this.flushBytes - this.bufferedBytes);
      if (text.length + 1 <= room) return this.push(text, lines, first);
      if (firstBytes > room && this.bufferedBytes > 0) {
        this.flush();
        continue;
      }
      // The whole lines that fit (at least one: a line longer than a fragment stays whole).
      if (firstEnd === -1) return this.push(text, lines, first);
      const cut = Math.max(firstEnd, text.lastIndexOf('\n', room - 1));
      const head = text.slice(0, cut);
      const headLines = countLines(head);
      this.push(head, headLines, first);
      text = text.slice(cut + 1);
      lines -= headLines;
      first += headLines;
    }
  }

  private push(text: string, lines: number, first: number): void {
    const bytes = text.length + 1;
    this.parts.push(text);
    for (let i = 0; i < lines; i++) this.lineNumbers.push(first + i);
    this.fileBytes += bytes;
    this.bufferedBytes += bytes;
    this.stats.addedLines += lines;
    this.stats.addedBytes += bytes;
    if (this.bufferedBytes >= this.flushBytes) this.flush();
  }

  private endFile(): void {
    this.flush();
    this.file = undefined;
    this.inHunk = false;
  }

  private flush(): void {
    if (this.parts.length === 0 || this.file === undefined) {
      this.parts = [];
      this.lineNumbers = [];
      this.bufferedBytes = 0;
      return;
    }
    const fragment: Fragment = { file: this.file, text: this.parts.join('\n'), lineNumbers: this.lineNumbers };
    if (this.commit) {
      fragment.commit = this.commit.commit;
      fragment.author = this.commit.author;
      fragment.email = this.commit.email;
      fragment.date = this.commit.date;
    }
    this.parts = [];
    this.lineNumbers = [];
    this.bufferedBytes = 0;
    this.options.onFragment(fragment);
  }
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function isAllPlus(line: string, n: number): boolean {
  for (let i = 0; i < n; i++) if (line.charCodeAt(i) !== 43) return false;
  return true;
}
