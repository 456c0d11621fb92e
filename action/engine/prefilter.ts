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
}

/** `keywordsByRule[i]` are rule i's keywords; an empty list means the rule is never selected here. */
export function buildPrefilter(keywordsByRule: readonly (readonly string[])[]): Prefilter {
  return prefilterOf(buildKeywordAutomaton(keywordsByRule));
}

export function prefilterOf(automaton: KeywordAutomaton): Prefilter {
  const { outputs } = automaton;
  const table = stringScanTable(automaton);

  return {
    scan(text) {
      const hits: LineHit[] = [];
      let state = 0;
      let lineStart = 0;
      let lineIndex = 0;
      let current: LineHit | undefined;
      const n = text.length;
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c >= ALPHABET) {
          state = 0;
          continue;
        }
        if (c === 10) {
          if (current !== undefined) {
            current.lineEnd = i;
            current = undefined;
          }
          lineStart = i + 1;
          lineIndex++;
          state = 0;
          continue;
        }
        state = table[state + c]!;
        if (state < 0) {
          state = -state;
          if (current === undefined) {
            current = { lineStart, lineEnd: n, lineIndex, rules: [] };
            hits.push(current);
          }
          for (const r of outputs[state / ALPHABET]!) if (!current.rules.includes(r)) current.rules.push(r);
        }
      }
      return hits;
    },
  };
}
