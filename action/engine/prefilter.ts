// Aho-Corasick over lower-cased ASCII: one pass over the text tells which rules are worth
// running on which lines, so most text never meets a rule regex.
import { ALPHABET, buildKeywordAutomaton, stringScanTable, type KeywordAutomaton } from './keyword-automaton.js';

export interface LineHit {
  lineStart: number;
  lineEnd: number;
  /** Index of the line within the text, 0-based. */
  lineIndex: number;
  rules: number[];
}

export interface Prefilter {
  /** Lines that contain at least one keyword, each with the rules whose keywords it holds. */
  scan(text: string): LineHit[];
  /**
   * The same, handed to `visit` line by line as the scan goes, with no object per line:
   * `rules` is reused for the next line, so read it before `visit` returns.
   */
  forEachLine(text: string, visit: (lineStart: number, lineEnd: number, rules: readonly number[]) => void): void;
}

/** `keywordsByRule[i]` are rule i's keywords; an empty list means the rule is never selected here. */
export function buildPrefilter(keywordsByRule: readonly (readonly string[])[]): Prefilter {
  return prefilterOf(buildKeywordAutomaton(keywordsByRule));
}

export function prefilterOf(automaton: KeywordAutomaton): Prefilter {
  const { outputs } = automaton;
  const table = stringScanTable(automaton);
  const ruleCount = ruleCountOf(automaton);
  // seen[rule] === stamp: the rule is already in the current line's list (one check per
  // keyword hit, however many rules the line has gathered).
  const seen = new Uint32Array(ruleCount);
  let stamp = 0;

  const forEachLine: Prefilter['forEachLine'] = (text, visit) => {
    // One list per call, not per line: a visit may itself scan (a long line's windows).
    const rules: number[] = [];
    let state = 0;
    let lineStart = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= ALPHABET) {
        state = 0;
        continue;
      }
      if (c === 10) {
        if (rules.length > 0) {
          visit(lineStart, i, rules);
          rules.length = 0;
        }
        lineStart = i + 1;
        state = 0;
        continue;
      }
      state = table[state + c]!;
      if (state < 0) {
        state = -state;
        if (rules.length === 0 && ++stamp === 0xffffffff) {
          // Wrapping to 0 would match the array's initial zeros: restart the stamps instead.
          seen.fill(0);
          stamp = 1;
        }
        for (const r of outputs[state / ALPHABET]!) {
          if (seen[r] === stamp) continue;
          seen[r] = stamp;
          rules.push(r);
        }
      }
    }
    if (rules.length > 0) {
      visit(lineStart, n, rules);
      rules.length = 0;
    }
  };

  return {
    forEachLine,
    scan(text) {
      const hits: LineHit[] = [];
      let lineIndex = 0;
      let counted = 0;
      forEachLine(text, (lineStart, lineEnd, found) => {
        for (let i = text.indexOf('\n', counted); i !== -1 && i < lineStart; i = text.indexOf('\n', i + 1)) lineIndex++;
        counted = lineStart;
        hits.push({ lineStart, lineEnd, lineIndex, rules: [...found] });
      });
      return hits;
    },
  };
}

/**
 * For each of `windows` (stretches of one line of `text`, in order, each starting and ending
 * after the one before), the rules whose keywords end inside it, each once. One pass straight
 * on the automaton, so a scan that meets one long line need not build the prefilter's table.
 */
export function keywordRulesByWindow(automaton: KeywordAutomaton, text: string, windows: readonly { start: number; end: number }[]): number[][] {
  const { table, classes, width, outputs } = automaton;
  const ruleCount = ruleCountOf(automaton);
  const byWindow = windows.map((): number[] => []);
  const listed = new Uint8Array(windows.length * ruleCount);
  if (windows.length === 0) return byWindow;
  // The windows holding the current position: first..last.
  let first = 0;
  let last = 0;
  let state = 0;
  const to = windows[windows.length - 1]!.end;
  for (let i = windows[0]!.start; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= ALPHABET) {
      state = 0;
      continue;
    }
    state = table[state + classes[c]!]!;
    if (state >= 0) continue;
    // A window is part of one line: no newline entry here.
    state = ~state;
    const found = outputs[state / width]!;
    while (windows[first]!.end <= i) first++;
    while (last + 1 < windows.length && windows[last + 1]!.start <= i) last++;
    for (let w = first; w <= last; w++) {
      const list = byWindow[w]!;
      const base = w * ruleCount;
      for (let j = 0; j < found.length; j++) {
        const r = found[j]!;
        if (listed[base + r] === 1) continue;
        listed[base + r] = 1;
        list.push(r);
      }
    }
  }
  return byWindow;
}

// Counted once per automaton: a scan asks again at every long line.
const ruleCounts = new WeakMap<KeywordAutomaton, number>();

function ruleCountOf(automaton: KeywordAutomaton): number {
  let count = ruleCounts.get(automaton);
  if (count !== undefined) return count;
  count = 0;
  for (const rules of automaton.outputs) for (const r of rules) if (r >= count) count = r + 1;
  ruleCounts.set(automaton, count);
  return count;
}
