// The rules' keywords as one Aho-Corasick automaton over lower-cased ASCII, completed into a
// DFA: the line sieve (bytes), the prefilter and the long-line windows (strings) run on it.

export const ALPHABET = 128;

/** A table entry for a newline: less than every other negative entry, which are ~(state offset). */
export const NEWLINE = -(2 ** 30);

export interface KeywordAutomaton {
  stateCount: number;
  /**
   * Columns per state: 0 for every byte no keyword holds (non-ASCII among them), 1 for the
   * newline, then one per lower-case character the keywords use.
   */
  width: number;
  /** Each byte's column; an upper-case letter shares its lower-case letter's. */
  classes: Uint8Array;
  /**
   * `table[offset + classes[byte]]`, where a state's offset is its index × width: the next
   * state's offset, or ~offset when that state ends a keyword; NEWLINE in column 1.
   */
  table: Int32Array;
  /** Rules whose keyword ends in each state (suffix keywords included). */
  outputs: number[][];
  /** Per state: the length of the text that leads to it, and how many of its `outputs` (the first ones) are keywords of exactly that text rather than of a suffix. */
  depth: Uint16Array;
  ownOutputs: Uint16Array;
}

/**
 * `keywordsByRule[i]` are rule i's keywords; an empty list means the rule is never selected.
 * A keyword holding a newline can never be found on a line, and is left out.
 */
export function buildKeywordAutomaton(keywordsByRule: readonly (readonly string[])[]): KeywordAutomaton {
  // This runs at every scan's start, before anything is optimised. The table is built at its
  // final width (a column per character in use, about 40), so it is a few hundred KB to fill
  // rather than a row of 128 per state; the trie's edges are lists in typed arrays (a child
  // and its next sibling), not a row per state.
  const keywords = keywordsByRule.map((list) => list.map((k) => k.toLowerCase()).filter((k) => k.length > 0 && !k.includes('\n')));
  const classes = new Uint8Array(256);
  classes[10] = 1;
  let width = 2;
  let chars = 1;
  for (const list of keywords) {
    for (const keyword of list) {
      chars += keyword.length;
      for (let i = 0; i < keyword.length; i++) {
        const c = keyword.charCodeAt(i);
        if (c >= ALPHABET) throw new Error(`Keyword '${keyword}' must be ASCII.`);
        if (classes[c] === 0) classes[c] = width++;
      }
    }
  }
  for (let c = 65; c <= 90; c++) classes[c] = classes[c + 32]!;

  const firstChild = new Int32Array(chars);
  const nextSibling = new Int32Array(chars);
  const edge = new Uint8Array(chars);
  const outputs: number[][] = [[]];
  const depth = new Uint16Array(chars);
  let stateCount = 1;
  for (let rule = 0; rule < keywords.length; rule++) {
    for (const keyword of keywords[rule]!) {
      let state = 0;
      for (let i = 0; i < keyword.length; i++) {
        const column = classes[keyword.charCodeAt(i)]!;
        let next = firstChild[state]!;
        while (next !== 0 && edge[next] !== column) next = nextSibling[next]!;
        if (next === 0) {
          next = stateCount++;
          edge[next] = column;
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
  const ownOutputs = new Uint16Array(stateCount);
  for (let s = 0; s < stateCount; s++) ownOutputs[s] = outputs[s]!.length;

  const table = new Int32Array(stateCount * width);
  const fail = new Int32Array(stateCount);
  // Whether a state ends a keyword, its own or a suffix's: known before its entries are written.
  const ends = new Uint8Array(stateCount);
  const queue = new Int32Array(stateCount);
  table[1] = NEWLINE;
  let tail = 0;
  for (let child = firstChild[0]!; child !== 0; child = nextSibling[child]!) {
    ends[child] = ownOutputs[child]! > 0 ? 1 : 0;
    table[edge[child]!] = entryOf(child, width, ends);
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
    const row = state * width;
    const failRow = fail[state]! * width;
    table.copyWithin(row, failRow, failRow + width);
    for (let child = firstChild[state]!; child !== 0; child = nextSibling[child]!) {
      const column = edge[child]!;
      const failState = stateOf(table[failRow + column]!, width);
      fail[child] = failState;
      ends[child] = ownOutputs[child]! > 0 || ends[failState] === 1 ? 1 : 0;
      table[row + column] = entryOf(child, width, ends);
      queue[tail++] = child;
    }
  }
  return { stateCount, width, classes, table, outputs, depth: depth.subarray(0, stateCount), ownOutputs };
}

/** The table entry that leads to `state`: its offset, or ~offset when it ends a keyword. */
function entryOf(state: number, width: number, ends: Uint8Array): number {
  return ends[state] === 1 ? ~(state * width) : state * width;
}

/** The state an entry of the table leads to (not a NEWLINE entry). */
function stateOf(entry: number, width: number): number {
  return (entry < 0 ? ~entry : entry) / width;
}

/**
 * The table a scan over a string's characters wants, one load a character and no column
 * lookup: entries hold the next state × ALPHABET, negated when that state ends a keyword, and
 * upper-case letters lead where lower-case ones do. A newline leads back to the start.
 */
export function stringScanTable(automaton: KeywordAutomaton): Int32Array {
  const { table: narrow, classes, stateCount, width } = automaton;
  const table = new Int32Array(stateCount * ALPHABET);
  for (let s = 0; s < stateCount; s++) {
    const from = s * width;
    const to = s * ALPHABET;
    for (let c = 0; c < ALPHABET; c++) {
      if (c === 10) continue;
      const e = narrow[from + classes[c]!]!;
      const next = stateOf(e, width) * ALPHABET;
      table[to + c] = e < 0 ? -next : next;
    }
  }
  return table;
}
