// keyword prefilter → rule regex → allow checks → Finding. Pure: text in, findings out.
import { shannonEntropy } from './entropy.js';
import { hasInlineAllow } from './inline-allow.js';
import { isPlaceholder } from './placeholder.js';
import { buildKeywordAutomaton } from './keyword-automaton.js';
import { lineSieveOf, type LineSieve } from './line-sieve.js';
import { forEachAnchoredMatch, nameFinder, type Anchor, type NameFinder } from './word-anchor.js';
import { prefilterOf, type Prefilter } from './prefilter.js';
import { keyedFingerprint, legacyFingerprint, locationFingerprint } from './fingerprint.js';
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
}

// Remembers which findings came from generic rules, for dedupe, without a visible field.
const genericFlags = new WeakMap<RawFinding, boolean>();

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function createDetector(options: DetectorOptions): Detector {
  const compiled: CompiledRule[] = options.rules.map(compileRule);
  const automaton = buildKeywordAutomaton(compiled.map((c) => c.rule.keywords));
  // Built on first use: a range scan whose fragments all come through the sieve never needs it.
  let prefilter: Prefilter | undefined;
  // Rules without keywords run over the whole text: correct, but slower.
  const unfiltered = compiled.filter((c) => c.rule.keywords.length === 0);
  const sieve = unfiltered.length === 0 ? lineSieveOf(automaton, compiled.length, (i) => compiled[i]!.rule.multiline === true) : undefined;
  const allowlist = options.allowlist;

  return {
    rules: options.rules,
    sieve,
    detect(fragment) {
      if (allowlist && allowlist.paths.some((p) => p.test(fragment.file))) return [];
      const text = fragment.text;
      const candidates: RawFinding[] = [];
      const lineStarts = lazyLineStarts(text);
      const emit = (c: CompiledRule, match: RegExpExecArray, base: number) => {
        const finding = toFinding(c.rule, match, base, text, lineStarts, fragment, options, allowlist);
        if (finding) candidates.push(finding);
      };

      const file = fragment.file;
      const scanLine = (lineStart: number, lineEnd: number, rules: readonly number[]) => {
        const line = text.slice(lineStart, lineEnd);
        for (let r = 0; r < rules.length; r++) {
          const c = compiled[rules[r]!]!;
          if (c.pathBound && !appliesToPath(c.rule, file)) continue;
          if (c.rule.lineCheck && !c.rule.lineCheck(line)) continue;
          if (c.rule.multiline) {
            c.regex.lastIndex = lineStart;
            for (let m = c.regex.exec(text); m && m.index <= lineEnd; m = c.regex.exec(text)) {
              if (m[0].length === 0) c.regex.lastIndex++;
              else emit(c, m, 0);
            }
          } else if (c.anchored) {
            const { findNames, starts, sticky } = c.anchored;
            forEachAnchoredMatch(line, findNames, starts, sticky, (m) => emit(c, m, lineStart));
          } else {
            c.regex.lastIndex = 0;
            for (let m = c.regex.exec(line); m; m = c.regex.exec(line)) {
              if (m[0].length === 0) c.regex.lastIndex++;
              else emit(c, m, lineStart);
            }
          }
        }
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
        for (const hit of (prefilter ??= prefilterOf(automaton)).scan(text)) scanLine(hit.lineStart, hit.lineEnd, hit.rules);
      }
      for (const c of unfiltered) {
        if (!appliesToPath(c.rule, fragment.file)) continue;
        c.regex.lastIndex = 0;
        for (let m = c.regex.exec(text); m; m = c.regex.exec(text)) {
          if (m[0].length === 0) c.regex.lastIndex++;
          else emit(c, m, 0);
        }
      }
      return dedupe(candidates);
    },
  };
}

function compileRule(rule: Rule): CompiledRule {
  const regex = compileRuleRegex(rule);
  const pathBound = rule.path !== undefined || (rule.allowPaths !== undefined && rule.allowPaths.length > 0);
  if (!rule.anchor || rule.multiline) return { rule, regex, pathBound };
  const sticky = new RegExp(regex.source, `${regex.flags.replace('g', '')}y`);
  return { rule, regex, pathBound, anchored: { findNames: nameFinder(rule.anchor.names), starts: rule.anchor.starts, sticky } };
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

function toFinding(
  rule: Rule,
  m: RegExpExecArray,
  base: number,
  text: string,
  lineStarts: () => number[],
  fragment: Fragment,
  options: DetectorOptions,
  allowlist: Allowlist | undefined,
): RawFinding | undefined {
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

  const starts = lineStarts();
  const lineIndex = lineIndexOf(starts, start);
  const lineStart = starts[lineIndex]!;
  const lineEndRaw = text.indexOf('\n', lineStart);
  const lineText = text.slice(lineStart, lineEndRaw === -1 ? text.length : lineEndRaw);
  const allowedInline = hasInlineAllow(lineText);
  if (allowedInline && options.inlineMarkers !== 'flag') return undefined;
  if (rule.allowLine && rule.allowLine.some((r) => r.test(lineText))) return undefined;
  if (allowlist) {
    if (allowlist.stopwords.some((w) => lower.includes(w))) return undefined;
    const target =
      allowlist.regexTarget === 'line' ? lineText : allowlist.regexTarget === 'match' ? m[0] : secret;
    if (allowlist.regexes.some((r) => r.test(target))) return undefined;
  }

  const line = fragment.lineNumbers?.[lineIndex] ?? (fragment.startLine ?? 1) + lineIndex;
  const column = start - lineStart + 1;
  const finding: RawFinding = {
    ruleId: rule.id,
    description: rule.description,
    severity: rule.severity,
    file: fragment.file,
    line,
    column,
    endColumn: column + Math.min(secret.length, lineText.length - (start - lineStart)),
    ...(fragment.commit !== undefined && { commit: fragment.commit }),
    ...(fragment.author !== undefined && { author: fragment.author }),
    ...(fragment.email !== undefined && { email: fragment.email }),
    ...(fragment.date !== undefined && { date: fragment.date }),
    redacted: redact(rule, secret, entropy),
    fingerprint: options.fingerprintKey ? keyedFingerprint(options.fingerprintKey, secret) : locationFingerprint(rule.id, fragment.file, fragment.commit, line),
    entropy: Math.round(entropy * 100) / 100,
    gitleaksFingerprint: `${fragment.commit ? `${fragment.commit}:` : ''}${fragment.file}:${rule.id}:${line}`,
    ...(allowedInline && { allowedInline: true }),
  } as RawFinding;
  // Non-enumerable, so no serialiser ever writes the raw value.
  Object.defineProperty(finding, 'secret', { value: secret, enumerable: false });
  // Value-derived and unkeyed: for the approval server's request only, never a report.
  if (options.legacySalt !== undefined) {
    Object.defineProperty(finding, 'legacyFingerprint', { value: legacyFingerprint(options.legacySalt, secret), enumerable: false });
  }
  genericFlags.set(finding, rule.generic === true);
  return finding;
}

function lazyLineStarts(text: string): () => number[] {
  let starts: number[] | undefined;
  return () => {
    if (starts) return starts;
    starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
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
function dedupe(findings: RawFinding[]): RawFinding[] {
  if (findings.length < 2) return findings;
  const score = (f: RawFinding) =>
    (genericFlags.get(f) ? 0 : 1000) + SEVERITY_RANK[f.severity] * 100 + Math.min(f.secret.length, 99);
  const sorted = [...findings].sort((a, b) => a.line - b.line || a.column - b.column);
  const kept: RawFinding[] = [];
  for (const f of sorted) {
    const clash = kept.findIndex(
      (k) => k.file === f.file && k.line === f.line && f.column < k.column + k.secret.length && k.column < f.column + f.secret.length,
    );
    if (clash === -1) kept.push(f);
    else if (score(f) > score(kept[clash]!)) kept[clash] = f;
  }
  return kept;
}
