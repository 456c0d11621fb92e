// keyword prefilter → rule regex → allow checks → Finding. Pure: text in, findings out.
import { shannonEntropy } from './entropy.js';
import { hasInlineAllow } from './inline-allow.js';
import { isPlaceholder } from './placeholder.js';
import { buildKeywordAutomaton } from './keyword-automaton.js';
import { keywordTailOf } from './keyword-tail.js';
import { escapeRegExp } from './regex-escape.js';
import { testLine } from './line-test.js';
import { lineSieveOf, MULTILINE_REACH, NAME_REACH, type LineSieve } from './line-sieve.js';
import { LONG_LINE, lineWindows, WINDOW_AHEAD } from './line-windows.js';
import { regexReach } from './regex-reach.js';
import { forEachAnchoredMatch, nameFinder, type Anchor, type NameFinder } from './word-anchor.js';
import { keywordRulesByWindow, prefilterOf, type Prefilter } from './prefilter.js';
import { keyedFingerprint, legacyFingerprint, locationFingerprint } from './fingerprint.js';
import { DetectedFinding } from './finding.js';
import { redact } from './redact.js';
import type { Fragment, RawFinding, Rule, Severity } from './types.js';

/** Allowlist that applies to every rule (from config files). */
export interface Allowlist {
  paths: RegExp[];
  regexes: RegExp[];
  /** What `regexes` are tested against, as in gitleaks. */
  regexTarget: 'secret' | 'match' | 'line';
  stopwords: string[];
}

export interface DetectorOptions {
  rules: readonly Rule[];
  /**
   * The repository's fingerprint key (fingerprint.ts: deriveFingerprintKey). Without one a
   * finding's fingerprint is where it is (rule, file, commit, line), never derived from the value.
   */
  fingerprintKey?: Uint8Array;
  /**
   * Only while the approval server still holds decisions remembered under the old unkeyed
   * fingerprint: the repository's full name, to compute that one too (`legacyFingerprint`).
   */
  legacySalt?: string;
  allowlist?: Allowlist;
  /**
   * What an inline marker (`gitleaks:allow`, …) on a finding's line does: `drop` it (local use,
   * where the author is the one deciding), or `flag` it (`allowedInline`), for a gate in which
   * the marker is the pusher's own word and goes to the reviewer with the finding.
   */
  inlineMarkers?: 'drop' | 'flag';
}

export interface Detector {
  readonly rules: readonly Rule[];
  detect(fragment: Fragment): RawFinding[];
  /**
   * Tells a source which lines are worth decoding: those holding a keyword, plus a multiline
   * rule's reach. Undefined when some rule has no keywords and so must see every line.
   */
  readonly sieve: LineSieve | undefined;
}

interface CompiledRule {
  rule: Rule;
  regex: RegExp;
  /** The rule has a path or path allowlist: whether it applies depends on the file. */
  pathBound: boolean;
  /** With `rule.anchor`: a finder for its names, and the regex again, sticky. */
  anchored?: { findNames: NameFinder; starts: Anchor['starts']; sticky: RegExp };
  /**
   * With `rule.multiline`: what each match starts with, where the next one is in a string
   * (`indexOf`, or a name's search), how far a lookbehind may read before it, and the regex
   * again, sticky.
   */
  fromBegin?: { begin: string; find: (str: string) => number; reach: number; behind: number; sticky: RegExp };
  /**
   * How much of a long line's window past its core the rule needs (regex-reach.ts); worked
   * out on the first long line, since most scans meet none.
   */
  ahead?: number;
}

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function createDetector(options: DetectorOptions): Detector {
  const { rules } = options;
  // A rule's regexes are made when a line first selects it: a scan meets a tenth of the rules.
  const compiled: (CompiledRule | undefined)[] = new Array<CompiledRule | undefined>(rules.length);
  const ruleAt = (i: number): CompiledRule => (compiled[i] ??= compileRule(rules[i]!));
  const automaton = buildKeywordAutomaton(rules.map((r) => r.keywords));
  // Built on first use: a range scan whose fragments all come through the sieve never needs it.
  let prefilter: Prefilter | undefined;
  // Rules without keywords run over the whole text: correct, but slower.
  const unfiltered = rules.flatMap((r, i) => (r.keywords.length === 0 ? [ruleAt(i)] : []));
  const tails = rules.map(keywordTailOf);
  const sieve =
    unfiltered.length === 0
      ? lineSieveOf(
          automaton,
          rules.length,
          (i) => rules[i]!.multiline !== undefined,
          (i) => rules[i]!.multiline?.asName === true,
          (i) => tails[i],
        )
      : undefined;
  const allowlist = options.allowlist;

  return {
    rules: options.rules,
    sieve,
    detect(fragment) {
      if (allowlist && allowlist.paths.some((p) => p.test(fragment.file))) return [];
      const text = fragment.text;
      const candidates: Candidate[] = [];
      const lineAt = lineLookup(text);
      const emit = (c: CompiledRule, match: RegExpExecArray, base: number) => {
        const candidate = toCandidate(c.rule, match, base, text, lineAt, fragment, options, allowlist);
        if (candidate) candidates.push(candidate);
      };

      /**
       * Tries a line-bound rule on `str` (text from `base`) at the starts in [from, to), as a
       * global search from `from` would; returns where its last match ended (`from` if none).
       */
      const runRule = (c: CompiledRule, str: string, from: number, to: number, base: number): number => {
        if (c.anchored) {
          const { findNames, starts, sticky } = c.anchored;
          return forEachAnchoredMatch(str, findNames, starts, sticky, (m) => emit(c, m, base), from, to);
        }
        const regex = c.regex;
        let end = from;
        regex.lastIndex = from;
        for (let m = regex.exec(str); m && m.index < to; m = regex.exec(str)) {
          if (m[0].length === 0) regex.lastIndex++;
          else {
            emit(c, m, base);
            end = regex.lastIndex;
          }
        }
        return end;
      };

      // A multiline rule is tried once at each `begin` on its keyword's line, on the text up
      // to the next `begin` (a key never holds another) and no further than its reach.
      const scanFromBegins = (c: CompiledRule, lineStart: number, lineEnd: number) => {
        const { begin, find, reach, behind, sticky } = c.fromBegin!;
        const reachEnd = Math.min(text.length, lineEnd + 1 + reach);
        const line = text.slice(lineStart, lineEnd);
        for (let at = find(line); at !== -1; ) {
          const from = lineStart + at;
          const ahead = text.slice(from + begin.length, reachEnd);
          const next = find(ahead);
          const end = next === -1 ? reachEnd : from + begin.length + next;
          // A lookbehind may read back to `behind` characters of the line before the begin.
          const back = Math.max(lineStart, from - behind);
          sticky.lastIndex = from - back;
          const m = sticky.exec(text.slice(back, end));
          if (m && m[0].length > 0) emit(c, m, back);
          at = end < lineEnd ? end - lineStart : -1;
        }
      };

      const file = fragment.file;
      const scanLine = (lineStart: number, lineEnd: number, rules: readonly number[]) => {
        if (lineEnd - lineStart > LONG_LINE) {
          scanLongLine(lineStart, lineEnd, rules);
          return;
        }
        const line = text.slice(lineStart, lineEnd);
        for (let r = 0; r < rules.length; r++) {
          const c = ruleAt(rules[r]!);
          if (c.pathBound && !appliesToPath(c.rule, file)) continue;
          if (c.rule.lineCheck && !c.rule.lineCheck(line)) continue;
          if (c.fromBegin) scanFromBegins(c, lineStart, lineEnd);
          else runRule(c, line, 0, line.length, lineStart);
        }
      };

      // A long line, window by window (line-windows.ts). A rule runs in the windows that hold
      // one of its keywords; each goes on from where its last match in the window before ended.
      const scanLongLine = (lineStart: number, lineEnd: number, rules: readonly number[]) => {
        for (const r of rules) {
          const c = ruleAt(r);
          if (c.fromBegin && !(c.pathBound && !appliesToPath(c.rule, file))) scanFromBegins(c, lineStart, lineEnd);
        }
        const windows = [...lineWindows(lineStart, lineEnd)];
        const byWindow = keywordRulesByWindow(automaton, text, windows);
        // A window's keywords name more rules than the line's: the sieve has dropped those whose
        // keywords lack what must surround them (keyword-tail.ts) everywhere on the line.
        const onLine = new Set(rules);
        let line: string | undefined;
        const passes = new Map<number, boolean>();
        const resume = new Map<number, number>();
        windows.forEach((w, j) => {
          const str = text.slice(w.start, w.end);
          for (const r of byWindow[j]!) {
            const c = ruleAt(r);
            if (!onLine.has(r) || c.fromBegin || (c.pathBound && !appliesToPath(c.rule, file))) continue;
            const check = c.rule.lineCheck;
            if (check) {
              // Said of the whole line, so asked of it once.
              let pass = passes.get(r);
              if (pass === undefined) passes.set(r, (pass = check((line ??= text.slice(lineStart, lineEnd)))));
              if (!pass) continue;
            }
            const from = Math.max(w.coreStart, resume.get(r) ?? 0);
            if (from >= w.coreEnd) continue;
            // Only as far past the core as this rule reads: most read a few hundred characters.
            const end = Math.min(w.end, w.coreEnd + (c.ahead ??= windowAheadOf(c.regex)));
            const own = end === w.end ? str : text.slice(w.start, end);
            resume.set(r, w.start + runRule(c, own, from - w.start, w.coreEnd - w.start, w.start));
          }
        });
      };

      const sieved = fragment.keywordHits;
      if (sieved !== undefined && sieved.sieve === sieve) {
        // The sieve's rules for each line: the lines and rules the prefilter would find,
        // without a second pass over the text.
        const byLine = sieved.rules;
        let lineStart = 0;
        for (let i = 0; i < byLine.length && lineStart <= text.length; i++) {
          const nl = text.indexOf('\n', lineStart);
          const lineEnd = nl === -1 ? text.length : nl;
          const rules = byLine[i];
          if (rules !== undefined && rules.length > 0) scanLine(lineStart, lineEnd, rules);
          lineStart = lineEnd + 1;
        }
      } else {
        (prefilter ??= prefilterOf(automaton)).forEachLine(text, scanLine);
      }
      for (const c of unfiltered) {
        if (!appliesToPath(c.rule, fragment.file)) continue;
        c.regex.lastIndex = 0;
        for (let m = c.regex.exec(text); m; m = c.regex.exec(text)) {
          if (m[0].length === 0) c.regex.lastIndex++;
          else emit(c, m, 0);
        }
      }
      // A finding is built (its fingerprint hashed, its preview written) only once it is kept.
      return dedupe(candidates).map((c) => toFinding(c, fragment, options));
    },
  };
}

function compileRule(rule: Rule): CompiledRule {
  const regex = compileRuleRegex(rule);
  const pathBound = rule.path !== undefined || (rule.allowPaths !== undefined && rule.allowPaths.length > 0);
  const sticky = () => new RegExp(regex.source, `${regex.flags.replace('g', '')}y`);
  if (rule.multiline) return { rule, regex, pathBound, fromBegin: { begin: rule.multiline.begin, find: beginFinder(rule.multiline), reach: rule.multiline.asName ? NAME_REACH : MULTILINE_REACH, behind: rule.multiline.behind ?? 0, sticky: sticky() } };
  if (!rule.anchor) return { rule, regex, pathBound };
  return { rule, regex, pathBound, anchored: { findNames: nameFinder(rule.anchor.names), starts: rule.anchor.starts, sticky: sticky() } };
}

/**
 * Where `begin` first occurs in a string, -1 if nowhere: `indexOf`, or for a name (`asName`) a
 * search in any case for a word: not right after a letter, unless capitalised after a
 * lower-case one (`myAdzunaKey`), and not right before a letter, unless a capital after a
 * lower-case end (`adzunaKey`; never `toggle` for `toggl`). keyword-tail.ts lets the line
 * sieve drop a name followed by a lower-case letter.
 */
function beginFinder({ begin, asName }: NonNullable<Rule['multiline']>): (str: string) => number {
  if (!asName) return (str) => str.indexOf(begin);
  const letters = [...begin].map((ch) => {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    return lower === upper ? escapeRegExp(ch) : `[${lower}${upper}]`;
  });
  const first = begin[0]!.toUpperCase();
  const search = new RegExp(`(?:(?<![A-Za-z])|(?<=[a-z])(?=${first}))${letters.join('')}(?:(?<=[a-z])(?![a-z])|(?<![a-z])(?![A-Za-z]))`, 'g');
  return (str) => {
    search.lastIndex = 0;
    return search.exec(str)?.index ?? -1;
  };
}

/**
 * How far past a window's core a rule reads. A configured rule that reads without bound gets
 * the whole window: on long lines only, its matches are then those that fit in it.
 */
function windowAheadOf(regex: RegExp): number {
  try {
    return Math.min(WINDOW_AHEAD, regexReach(regex).ahead);
  } catch {
    return WINDOW_AHEAD;
  }
}

export function compileRuleRegex(rule: Rule): RegExp {
  const flags = new Set(rule.regex.flags.replace(/[gy]/g, ''));
  flags.add('g');
  flags.add('d');
  return new RegExp(rule.regex.source, [...flags].join(''));
}

function appliesToPath(rule: Rule, file: string): boolean {
  if (rule.path && !rule.path.test(file)) return false;
  if (rule.allowPaths && rule.allowPaths.some((p) => p.test(file))) return false;
  return true;
}

/** The secret's [start, end) within the searched string. */
function secretSpan(rule: Rule, m: RegExpExecArray): [number, number] | undefined {
  const indices = m.indices;
  if (!indices) return [m.index, m.index + m[0].length];
  if (rule.secretGroup !== undefined) {
    const span = indices[rule.secretGroup];
    return span ? [span[0], span[1]] : undefined;
  }
  for (let g = 1; g < indices.length; g++) {
    const span = indices[g];
    if (span) return [span[0], span[1]];
  }
  return [m.index, m.index + m[0].length];
}

/** A match that passed every check: what dedupe compares, and what a finding is built from. */
interface Candidate {
  rule: Rule;
  secret: string;
  entropy: number;
  line: number;
  column: number;
  endColumn: number;
  allowedInline: boolean;
}

function toCandidate(
  rule: Rule,
  m: RegExpExecArray,
  base: number,
  text: string,
  lineAt: (offset: number) => LineAt,
  fragment: Fragment,
  options: DetectorOptions,
  allowlist: Allowlist | undefined,
): Candidate | undefined {
  const span = secretSpan(rule, m);
  if (!span) return undefined;
  const start = base + span[0];
  const secret = text.slice(start, base + span[1]);
  if (secret.length === 0) return undefined;
  if (rule.allowlist && rule.allowlist.some((r) => r.test(secret))) return undefined;
  if (rule.allowMatch && rule.allowMatch.some((r) => r.test(m[0]))) return undefined;
  if (!rule.skipPlaceholderCheck && isPlaceholder(secret)) return undefined;
  const entropy = shannonEntropy(secret);
  if (rule.entropy !== undefined && entropy < rule.entropy) return undefined;
  if (rule.verify && !rule.verify(secret)) return undefined;
  const lower = rule.stopwords || allowlist?.stopwords.length ? secret.toLowerCase() : '';
  if (rule.stopwords && rule.stopwords.some((w) => lower.includes(w))) return undefined;

  const { index: lineIndex, start: lineStart, text: lineText } = lineAt(start);
  const allowedInline = hasInlineAllow(lineText);
  if (allowedInline && options.inlineMarkers !== 'flag') return undefined;
  if (rule.allowLine && rule.allowLine.some((r) => testLine(r, lineText))) return undefined;
  if (rule.judge) {
    const at = start - lineStart;
    const place = { file: fragment.file, line: lineText, start: at, end: at + secret.length, matchStart: base + m.index - lineStart };
    if (!rule.judge(secret, place)) return undefined;
  }
  if (allowlist) {
    if (allowlist.stopwords.some((w) => lower.includes(w))) return undefined;
    const target =
      allowlist.regexTarget === 'line' ? lineText : allowlist.regexTarget === 'match' ? m[0] : secret;
    if (allowlist.regexes.some((r) => (target === lineText ? testLine(r, lineText) : r.test(target)))) return undefined;
  }

  const line = fragment.lineNumbers?.[lineIndex] ?? (fragment.startLine ?? 1) + lineIndex;
  const column = start - lineStart + 1;
  const endColumn = column + Math.min(secret.length, lineText.length - (start - lineStart));
  return { rule, secret, entropy, line, column, endColumn, allowedInline };
}

function toFinding(c: Candidate, fragment: Fragment, options: DetectorOptions): RawFinding {
  const { rule, secret, entropy, line } = c;
  const commit = fragment.commit;
  return new DetectedFinding(
    {
      ruleId: rule.id,
      description: rule.description,
      severity: rule.severity,
      file: fragment.file,
      line,
      column: c.column,
      endColumn: c.endColumn,
      commit,
      author: fragment.author,
      email: fragment.email,
      date: fragment.date,
      redacted: redact(rule, secret, entropy),
      provider: rule.provider,
      fingerprint: options.fingerprintKey ? keyedFingerprint(options.fingerprintKey, secret) : locationFingerprint(rule.id, fragment.file, commit, line),
      entropy: Math.round(entropy * 100) / 100,
      gitleaksFingerprint: `${commit ? `${commit}:` : ''}${fragment.file}:${rule.id}:${line}`,
      allowedInline: c.allowedInline,
    },
    secret,
    options.legacySalt !== undefined ? legacyFingerprint(options.legacySalt, secret) : undefined,
  );
}

/** The line holding an offset: its index in the text, its start and its text. */
interface LineAt {
  index: number;
  start: number;
  text: string;
}

/**
 * Finds the line holding an offset, by binary search over line starts taken once. Findings
 * come line by line, so the last line is kept: its findings share one string, and each
 * line-wide test on it (testLine, hasInlineAllow) reads it once, not once per finding.
 */
function lineLookup(text: string): (offset: number) => LineAt {
  let starts: number[] | undefined;
  let last: (LineAt & { end: number }) | undefined;
  return (offset) => {
    if (last && offset >= last.start && offset <= last.end) return last;
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    const index = lineIndexOf(starts, offset);
    const start = starts[index]!;
    const end = index + 1 < starts.length ? starts[index + 1]! - 1 : text.length;
    last = { index, start, end, text: text.slice(start, end) };
    return last;
  };
}

function lineIndexOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * One value, one finding: where spans overlap on a line, a provider rule beats a generic
 * one, then higher severity, then the longer value.
 */
function dedupe(candidates: Candidate[]): Candidate[] {
  if (candidates.length < 2) return candidates;
  const score = (c: Candidate) => (c.rule.generic === true ? 0 : 1000) + SEVERITY_RANK[c.rule.severity] * 100 + Math.min(c.secret.length, 99);
  const order = candidates.map((_c, i) => i).sort((a, b) => candidates[a]!.line - candidates[b]!.line || candidates[a]!.column - candidates[b]!.column || a - b);
  const kept: Candidate[] = [];
  // In this order, only the kept candidate placed last can reach the next one: every other
  // ended before that one began (it was kept because nothing kept overlapped it), so one
  // comparison per candidate, not one per kept candidate. All are of one fragment, one file.
  for (const i of order) {
    const c = candidates[i]!;
    const last = kept.length - 1;
    const k = last >= 0 ? kept[last]! : undefined;
    if (k && k.line === c.line && c.column < k.column + k.secret.length && k.column < c.column + c.secret.length) {
      if (score(c) > score(k)) kept[last] = c;
    } else kept.push(c);
  }
  return kept;
}
