// Shared shapes of the detection engine. Nothing here does I/O.
// Severity is part of the contract the server reads (shared/, a leaf that imports nothing).
import type { Severity } from '../../shared/severity.js';
import type { LineSieve } from './line-sieve.js';
import type { Anchor } from './word-anchor.js';

export type { Severity };

/** A detection rule. Rules are data: each carries samples that prove it works. */
export interface Rule {
  /** Stable kebab-case id, e.g. `github-pat`. Used in reports, configs and fingerprints. */
  id: string;
  description: string;
  severity: Severity;
  /**
   * Lower-case literals, at least one of which must occur in a line (case-insensitively)
   * before the regex runs on it. Empty means the rule always runs (avoid: it costs speed).
   */
  keywords: string[];
  /**
   * Finds the secret. Capture group `secretGroup` (default: the first group that matched,
   * else the whole match) is the secret value. Flags other than `g`/`y` are kept; the
   * engine adds `g` itself.
   */
  regex: RegExp;
  secretGroup?: number;
  /**
   * For a regex whose every match holds one of `anchor.names` and starts at a position
   * `anchor.starts` derives from it: the regex is then tried only there (the same matches,
   * far less work on long lines). Line-bound rules only; word-anchor.test.ts checks each.
   */
  anchor?: Anchor;
  /**
   * A cheap test of a line the regex is about to run on: false means no match can be on it
   * (line-check.ts). Line-bound rules only; line-check.test.ts holds each to its regex.
   */
  lineCheck?: (line: string) => boolean;
  /** Minimum Shannon entropy (bits per character) of the secret; below it, no finding. */
  entropy?: number;
  /** Regexes tested against the secret: a match suppresses the finding. */
  allowlist?: RegExp[];
  /** Regexes tested against the whole match (e.g. the key name of an assignment). */
  allowMatch?: RegExp[];
  /** Regexes tested against the whole line the secret starts on. */
  allowLine?: RegExp[];
  /** A pure check of the value's structure (e.g. a JWT's decoded claims); false drops it. */
  verify?: (secret: string) => boolean;
  /** A pure check of the value in its place (its line, where it sits, the file); false drops it. */
  judge?: (secret: string, place: ValuePlace) => boolean;
  /**
   * Set for rules whose match may span lines (private keys). Every match starts with `begin`
   * (case-sensitive), on a line holding one of the rule's keywords; the regex is tried once
   * at each `begin` there, on the text up to the next `begin` and at most MULTILINE_REACH
   * (line-sieve.ts) bytes past that line. Others are line-bound. With `asName`, `begin` is
   * a name, found in any case at a word's start (`adzuna`, `ADZUNA_KEY`, `myAdzuna`, never
   * `passphrase` for `phrase`), and the reach is NAME_REACH. `behind`: how many characters of
   * the begin's own line before it a lookbehind may read (default none).
   */
  multiline?: { begin: string; asName?: boolean; behind?: number };
  /** Skip the shared placeholder filter (for rules whose format already proves realness). */
  skipPlaceholderCheck?: boolean;
  /** Provider family, used by remediation text and grouping. */
  provider?: string;
  /** Context-only rules (password = …) yield to a provider rule on the same value. */
  generic?: boolean;
  /** The rule applies only to files whose path matches (gitleaks `path`). */
  path?: RegExp;
  /** Files whose path matches are exempt from this rule. */
  allowPaths?: RegExp[];
  /** A secret containing one of these (lower-case) is not reported. */
  stopwords?: string[];
  /** Text that must be caught; each must yield at least one finding of this rule. */
  truePositives: string[];
  /** Text that must not yield a finding of this rule (placeholders, decoys, near misses). */
  falsePositives: string[];
}

/** Where a rule's value sits, for `Rule.judge`: offsets are in `line`, the line it starts on. */
export interface ValuePlace {
  file: string;
  line: string;
  /** The value's [start, end) in the line. */
  start: number;
  end: number;
  /** Where the rule's match began (the name, for an assignment). */
  matchStart: number;
}

/** Text to scan, with where it came from. Lines are `\n`-separated. */
export interface Fragment {
  /** Path relative to the scanned root, `/`-separated. */
  file: string;
  text: string;
  /**
   * Line number (1-based) of each line of `text` in the original file. Omitted: the
   * fragment starts at line `startLine` (default 1) and its lines are consecutive.
   */
  lineNumbers?: number[];
  startLine?: number;
  /**
   * Which rules' keywords each line holds, as `sieve` found them while reading the source:
   * the detector that owns that sieve skips its own keyword pass. `undefined` entries are
   * lines kept only as a multiline rule's continuation.
   */
  keywordHits?: { sieve: LineSieve; rules: (readonly number[] | undefined)[] };
  commit?: string;
  author?: string;
  email?: string;
  date?: string;
}

/** What the engine reports. The raw value is kept only in memory for masking. */
export interface Finding {
  ruleId: string;
  description: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  endColumn: number;
  commit?: string;
  author?: string;
  email?: string;
  date?: string;
  /**
   * The rule, length and kinds of characters; a provider token with a public prefix shows that
   * prefix and the length. Never any other character of the value (redact.ts).
   */
  redacted: string;
  /**
   * With a fingerprint key: HMAC-SHA-256 of the value, hex. Without: `loc:` and a hash of rule,
   * file, commit and line, nothing of the value (fingerprint.ts).
   */
  fingerprint: string;
  /** The rule's provider family (Rule.provider), when it has one. */
  provider?: string;
  /**
   * The old unkeyed SHA-256(repository, NUL, value), set (not enumerable) only when the scan was
   * asked for it: it goes to the approval server during the transition and into no report.
   */
  legacyFingerprint?: string;
  /** Shannon entropy of the value, bits per character, 2 decimals. */
  entropy: number;
  /** gitleaks-style id, `commit:file:rule:line` or `file:rule:line`, for ignore files. */
  gitleaksFingerprint: string;
  /** The line carries an inline allow marker, reported anyway (DetectorOptions.inlineMarkers). */
  allowedInline?: true;
  /**
   * Set on what is reported beside secrets (action/review-items.ts): a file part the scan could
   * not read, or a change to the scan's own configuration. No value, only where and what.
   */
  kind?: 'unscanned' | 'config-change';
}

/** A finding plus the secret itself. Never serialise this type. */
export interface RawFinding extends Finding {
  secret: string;
}
