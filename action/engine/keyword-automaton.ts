// The rules' keywords as one Aho-Corasick automaton over lower-cased ASCII, completed into a
// DFA: the prefilter (strings) and the line sieve (bytes) both run on it.

export const ALPHABET = 128;

export interface KeywordAutomaton {
  stateCount: number;
  /** `delta[state * ALPHABET + c]`: the next state on lower-case `c` (upper-case columns are unset). */
  delta: Int32Array;
  /** Rules whose keyword ends in each state (suffix keywords included). */
  outputs: number[][];
  /** `used[c]` is 1 for each (lower-case) character some keyword holds. */
  used: Uint8Array;
}

/** `keywordsByRule[i]` are rule i's keywords; an empty list means the rule is never selected. */
export function buildKeywordAutomaton(keywordsByRule: readonly (readonly string[])[]): KeywordAutomaton {
  const children: Map<number, number>[] = [new Map()];
  const outputs: number[][] = [[]];
  const used = new Uint8Array(ALPHABET);
  keywordsByRule.forEach((keywords, rule) => {
    for (const raw of keywords) {
      const keyword = raw.toLowerCase();
      if (keyword.length === 0) continue;
      let state = 0;
      for (let i = 0; i < keyword.length; i++) {
        const c = keyword.charCodeAt(i);
        if (c >= ALPHABET) throw new Error(`Keyword '${raw}' must be ASCII.`);
        used[c] = 1;
        let next = children[state]!.get(c);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          outputs.push([]);
          children[state]!.set(c, next);
        }
        state = next;
      }
      if (!outputs[state]!.includes(rule)) outputs[state]!.push(rule);
    }
  });

  const stateCount = children.length;
  const delta = new Int32Array(stateCount * ALPHABET);
  const fail = new Int32Array(stateCount);
  const queue: number[] = [];
  for (let c = 0; c < ALPHABET; c++) {
    const next = children[0]!.get(c);
    if (next !== undefined) {
      delta[c] = next;
      fail[next] = 0;
      queue.push(next);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    const merged = outputs[state]!;
    for (const r of outputs[fail[state]!]!) if (!merged.includes(r)) merged.push(r);
    // Breadth-first, so the fail state's row is complete: start from a copy of it and
    // overwrite the trie's own edges (a Map lookup per edge, not per character).
    const row = state * ALPHABET;
    const failRow = fail[state]! * ALPHABET;
    delta.copyWithin(row, failRow, failRow + ALPHABET);
    for (const [c, next] of children[state]!) {
      fail[next] = delta[failRow + c]!;
      delta[row + c] = next;
      queue.push(next);
    }
  }
  return { stateCount, delta, outputs, used };
}

/**
 * The table a scan over a string's characters wants, one load a character: entries hold the
 * next state already multiplied by ALPHABET, negated when that state ends a keyword, and
 * upper-case letters lead where lower-case ones do.
 */
export function stringScanTable(automaton: KeywordAutomaton): Int32Array {
  const { delta, outputs, stateCount } = automaton;
  const table = new Int32Array(stateCount * ALPHABET);
  for (let i = 0; i < table.length; i++) {
    const c = i % ALPHABET;
    const next = delta[c >= 65 && c <= 90 ? i + 32 : i]!;
    table[i] = outputs[next]!.length > 0 ? -next * ALPHABET : next * ALPHABET;
  }
  return table;
}
