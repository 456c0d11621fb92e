// Aho-Corasick over lower-cased ASCII: one pass over the text tells which rules are worth
// running on which lines, so most text never meets a rule regex.

const ALPHABET = 128;

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
  // Trie as growable arrays; then a full DFA so the scan loop is one table lookup a char.
  const children: Map<number, number>[] = [new Map()];
  const outputs: number[][] = [[]];
  keywordsByRule.forEach((keywords, rule) => {
    for (const raw of keywords) {
      const keyword = raw.toLowerCase();
      if (keyword.length === 0) continue;
      let state = 0;
      for (let i = 0; i < keyword.length; i++) {
        const c = keyword.charCodeAt(i);
        if (c >= ALPHABET) throw new Error(`Keyword '${raw}' must be ASCII.`);
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
  // Upper-case letters behave as lower-case.
  for (let s = 0; s < stateCount; s++) {
    for (let c = 65; c <= 90; c++) delta[s * ALPHABET + c] = delta[s * ALPHABET + c + 32]!;
  }
  // The scan loop wants one table load a character: entries hold the next state already
  // multiplied by the alphabet size, negated when that state ends a keyword.
  const table = new Int32Array(stateCount * ALPHABET);
  for (let i = 0; i < table.length; i++) {
    const next = delta[i]!;
    table[i] = outputs[next]!.length > 0 ? -next * ALPHABET : next * ALPHABET;
  }

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
