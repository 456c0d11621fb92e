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
  /** Per state: the length of the text that leads to it, and how many of its `outputs` (the first ones) are keywords of exactly that text rather than of a suffix. */
  depth: Uint16Array;
  ownOutputs: Uint16Array;
}

/** `keywordsByRule[i]` are rule i's keywords; an empty list means the rule is never selected. */
export function buildKeywordAutomaton(keywordsByRule: readonly (readonly string[])[]): KeywordAutomaton {
  // This runs at every scan's start, before anything is optimised: the trie's edges are lists
  // in typed arrays (a child and its next sibling), not a table per state, which for ~12,000
  // keyword characters would be megabytes to allocate and clear for a few lookups each.
  let chars = 1;
  for (const keywords of keywordsByRule) for (const k of keywords) chars += k.length;
  const firstChild = new Int32Array(chars);
  const nextSibling = new Int32Array(chars);
  const edgeChar = new Uint8Array(chars);
  const outputs: number[][] = [[]];
  const used = new Uint8Array(ALPHABET);
  const depth = new Uint16Array(chars);
  let stateCount = 1;
  for (let rule = 0; rule < keywordsByRule.length; rule++) {
    for (const raw of keywordsByRule[rule]!) {
      const keyword = raw.toLowerCase();
      if (keyword.length === 0) continue;
      let state = 0;
      for (let i = 0; i < keyword.length; i++) {
        const c = keyword.charCodeAt(i);
        if (c >= ALPHABET) throw new Error(`Keyword '${raw}' must be ASCII.`);
        used[c] = 1;
        let next = firstChild[state]!;
        while (next !== 0 && edgeChar[next] !== c) next = nextSibling[next]!;
        if (next === 0) {
          next = stateCount++;
          edgeChar[next] = c;
          depth[next] = depth[state]! + 1;
          nextSibling[next] = firstChild[state]!;
          firstChild[state] = next;
          outputs.push([]);
        }
        state = next;
      }
      if (!outputs[state]!.includes(rule)) outputs[state]!.push(rule);
    }
  }
  const ownOutputs = Uint16Array.from(outputs, (o) => o.length);

  const delta = new Int32Array(stateCount * ALPHABET);
  const fail = new Int32Array(stateCount);
  const queue = new Int32Array(stateCount);
  let tail = 0;
  for (let child = firstChild[0]!; child !== 0; child = nextSibling[child]!) {
    delta[edgeChar[child]!] = child;
    queue[tail++] = child;
  }
  for (let head = 0; head < tail; head++) {
    const state = queue[head]!;
    const failOutputs = outputs[fail[state]!]!;
    if (failOutputs.length > 0) {
      const merged = outputs[state]!;
      for (const r of failOutputs) if (!merged.includes(r)) merged.push(r);
    }
    // Breadth-first, so the fail state's row is complete: start from a copy of it and
    // overwrite the trie's own edges.
    const row = state * ALPHABET;
    const failRow = fail[state]! * ALPHABET;
    delta.copyWithin(row, failRow, failRow + ALPHABET);
    for (let child = firstChild[state]!; child !== 0; child = nextSibling[child]!) {
      const c = edgeChar[child]!;
      fail[child] = delta[failRow + c]!;
      delta[row + c] = child;
      queue[tail++] = child;
    }
  }
  return { stateCount, delta, outputs, used, depth: depth.subarray(0, stateCount), ownOutputs };
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
