// Sources → engine → suppression: the one scanning pipeline behind the CLI and the Action.
import type { Config } from './engine/config.js';
import { createDetector, type Detector } from './engine/detect.js';
import { isSuppressed } from './engine/suppress.js';
import type { Fragment, RawFinding } from './engine/types.js';
import { startLog, startStagedDiff, type PatchStream, type StreamOptions } from './git/log.js';
import { assertGitRepository, assertRevisionsExist, revisionsOf } from './git/revisions.js';
import { GitError, type GitRunner } from './git/runner.js';
import { walkFiles, type WalkOptions } from './sources/files.js';

export interface ScanOptions {
  config: Config;
  /** The repository's fingerprint key; without one, fingerprints say where, not what (engine/fingerprint.ts). */
  fingerprintKey?: Uint8Array;
  /** The repository's full name, only while the server asks for the old unkeyed fingerprints too. */
  legacySalt?: string;
  /** Called now and then with bytes scanned so far, for a progress line. */
  onProgress?(bytes: number): void;
  /** Inline allow markers: honoured (`drop`, the default) or reported for review (`flag`). */
  inlineMarkers?: 'drop' | 'flag';
}

export interface Skipped {
  file: string;
  commit?: string;
  reason: string;
  /** The file's size (or its added bytes in the commit), where known. */
  bytes?: number;
}

export interface ScanStats {
  source: 'dir' | 'range' | 'staged';
  commits: number;
  files: number;
  bytes: number;
  skipped: Skipped[];
  suppressed: number;
  durationMs: number;
}

export interface ScanReport {
  findings: RawFinding[];
  /**
   * What could not be read in full (too large, unreadable, a diff git would not give as text)
   * and no `[scan] allowUnscanned` pattern lets pass: never a pass, it goes to review.
   */
  unscanned: Skipped[];
  stats: ScanStats;
}

// A symlink has no content of its own to scan: its target is scanned where it lives.
const NOTHING_TO_SCAN = new Set(['symlink']);

/** Collects findings from fragments, applying ignore files, baselines and allowed commits. */
class Collector {
  readonly findings: RawFinding[] = [];
  readonly skipped: Skipped[] = [];
  readonly unscanned: Skipped[] = [];
  suppressed = 0;
  bytes = 0;
  files = 0;
  private readonly detector: Detector;
  private lastProgress = 0;

  constructor(private readonly options: ScanOptions) {
    this.detector = createDetector({
      rules: options.config.rules,
      allowlist: options.config.allowlist,
      ...(options.fingerprintKey && { fingerprintKey: options.fingerprintKey }),
      ...(options.legacySalt !== undefined && { legacySalt: options.legacySalt }),
      inlineMarkers: options.inlineMarkers ?? 'drop',
    });
  }

  add = (fragment: Fragment): void => {
    for (const f of this.detector.detect(fragment)) {
      if (isSuppressed(f, this.options.config)) this.suppressed++;
      else this.findings.push(f);
    }
  };

  /** A whole file (or text) from a source that reads it all: counted, scanned, its size added. */
  addFile(fragment: Fragment, bytes = fragment.text.length): void {
    this.files++;
    this.add(fragment);
    this.scanned(this.bytes + bytes);
  }

  /** What a directory walk needs: the detector's sieve, where it has one, and the skip report. */
  walkOptions(): Pick<WalkOptions, 'maxFileBytes' | 'onSkip' | 'sieve'> {
    return {
      maxFileBytes: this.options.config.maxFileBytes,
      onSkip: this.skip,
      ...(this.detector.sieve && { sieve: this.detector.sieve }),
    };
  }

  /** Bytes looked at so far (sieved-out lines count: they were read and ruled out). */
  scanned = (bytes: number): void => {
    this.bytes = bytes;
    if (this.options.onProgress && this.bytes - this.lastProgress > 4 * 1024 * 1024) {
      this.lastProgress = this.bytes;
      this.options.onProgress(this.bytes);
    }
  };

  skip = (s: Skipped): void => {
    this.skipped.push(s);
    if (NOTHING_TO_SCAN.has(s.reason)) return;
    if (this.options.config.allowUnscanned.some((p) => p.test(s.file))) return;
    this.unscanned.push(s);
  };

  streamOptions(): StreamOptions {
    return {
      onFragment: this.add,
      onSkip: this.skip,
      onProgress: this.scanned,
      maxFileBytes: this.options.config.maxFileBytes,
      // Where the detector has one, lines no rule could match are dropped before decoding.
      ...(this.detector.sieve && { sieve: this.detector.sieve }),
    };
  }
}

/**
 * Scans the lines added by the commits `revs` selects (`git log` revision arguments). A caller
 * that started `git log` itself, to overlap it with its own start-up, passes it as `log`.
 */
export async function scanGitRange(git: GitRunner, revs: string[], options: ScanOptions, log: PatchStream = startLog(git, revs)): Promise<ScanReport> {
  const started = Date.now();
  const c = new Collector(options);
  let stats;
  try {
    stats = await log.parse(c.streamOptions());
  } catch (e) {
    // git's own message for a bad range is cryptic: the checks name what is wrong and what
    // to do. They run only on failure, so a good range costs one git process.
    if (!(e instanceof GitError)) throw e;
    await assertGitRepository(git);
    await assertRevisionsExist(git, revs.filter((r) => !r.startsWith('-') && r !== '--not').flatMap(revisionsOf));
    throw e;
  }
  c.scanned(stats.addedBytes);
  return report(c, 'range', stats.commits, stats.files, started);
}

export async function scanStaged(git: GitRunner, options: ScanOptions): Promise<ScanReport> {
  const started = Date.now();
  await assertGitRepository(git);
  const diff = startStagedDiff(git);
  const c = new Collector(options);
  const stats = await diff.parse(c.streamOptions());
  c.scanned(stats.addedBytes);
  return report(c, 'staged', 0, stats.files, started);
}

export async function scanDirectory(root: string, options: ScanOptions): Promise<ScanReport> {
  const started = Date.now();
  const c = new Collector(options);
  let read = 0;
  // Sieved, a fragment holds only some of the file: its size is the bytes looked at.
  for (const fragment of walkFiles(root, { ...c.walkOptions(), onRead: (bytes) => (read = bytes) })) c.addFile(fragment, read);
  return report(c, 'dir', 0, c.files + c.skipped.length, started);
}

/** Scans fragments already in memory (benchmarks, tests, other sources). */
export function scanFragments(fragments: Iterable<Fragment>, options: ScanOptions): ScanReport {
  const started = Date.now();
  const c = new Collector(options);
  for (const f of fragments) c.addFile(f);
  return report(c, 'dir', 0, c.files, started);
}

function report(c: Collector, source: ScanStats['source'], commits: number, files: number, started: number): ScanReport {
  return {
    findings: c.findings,
    unscanned: c.unscanned,
    stats: { source, commits, files, bytes: c.bytes, skipped: c.skipped, suppressed: c.suppressed, durationMs: Date.now() - started },
  };
}
