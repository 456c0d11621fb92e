// Runs a rule's regex only where a match can start. A context rule whose pattern opens with
// a lazy name prefix or a few optional words is otherwise retried at every character of a
// line, which on minified code costs more than all provider rules together.
import { ALPHABET, buildKeywordAutomaton, stringScanTable } from './keyword-automaton.js';

/** Where a rule's regex is worth trying; see Rule.anchor. */
export interface Anchor {
  /**
   * Every spelling (lower-case ASCII) of what each match is built around; found in any
   * case, overlapping occurrences included.
   */
  names: readonly string[];
  /** Passes to `add` each position a match holding the name found at `at` could start from. */
  starts(line: string, at: number, add: (start: number) => void): void;
}

/** Calls `found(line, at)` for each position of `line` where one of `names` starts (ASCII case folded). */
export type NameFinder = (line: string, found: (line: string, at: number) => void) => void;

/**
 * One Aho-Corasick pass over the line for all names: a regex alternation of them costs
 * several times more, tried at every character.
 */
export function nameFinder(names: readonly string[]): NameFinder {
  const automaton = buildKeywordAutomaton(names.map((name) => [name]));
  const { outputs } = automaton;
  const table = stringScanTable(automaton);
  const lengths = names.map((name) => name.length);
  return (line, found) => {
    let state = 0;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (c >= ALPHABET) {
        state = 0;
        continue;
      }
      state = table[state + c]!;
      if (state < 0) {
        state = -state;
        for (const name of outputs[state / ALPHABET]!) found(line, i + 1 - lengths[name]!);
      }
    }
  };
}

const WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) WORD[c] = /[\w.-]/.test(String.fromCharCode(c)) ? 1 : 0;

/** Start of the [\w.-] run holding position `at`. */
export function wordStart(line: string, at: number): number {
  let start = at;
  while (start > 0) {
    const c = line.charCodeAt(start - 1);
    if (c >= 128 || WORD[c] !== 1) break;
    start--;
  }
  return start;
}

/**
 * The matches a global search with `sticky`'s pattern finds in `line`, left to right, given
 * that every match starts at a position `anchor.starts` gives for some occurrence of one of
 * `anchor.names` (`findNames`). `sticky` must be sticky.
 */
export function forEachAnchoredMatch(
  line: string,
  findNames: NameFinder,
  starts: Anchor['starts'],
  sticky: RegExp,
  emit: (m: RegExpExecArray) => void,
): void {
  // Candidates go to a scratch array shared by all calls (a scan makes ~100,000 of them).
  candidateCount = 0;
  startsOf = starts;
  findNames(line, addStartsOf);
  const n = candidateCount;
  if (n === 0) return;
  const candidates = scratch;
  // Insertion sort: a line has a handful of candidates, nearly in order.
  for (let i = 1; i < n; i++) {
    const v = candidates[i]!;
    let j = i - 1;
    while (j >= 0 && candidates[j]! > v) {
      candidates[j + 1] = candidates[j]!;
      j--;
    }
    candidates[j + 1] = v;
  }
  // Positions that are not candidates cannot start a match, so trying the candidates in
  // order, never inside the last match, finds what a search at every position finds.
  let tried = -1;
  let lastEnd = 0;
  for (let i = 0; i < n; i++) {
    const start = candidates[i]!;
    if (start === tried || start < lastEnd) continue;
    tried = start;
    sticky.lastIndex = start;
    const m = sticky.exec(line);
    if (m && m[0].length > 0) {
      emit(m);
      lastEnd = start + m[0].length;
    }
  }
}

let scratch = new Int32Array(64);
let candidateCount = 0;
let startsOf: Anchor['starts'] = () => {};

function addCandidate(start: number): void {
  if (candidateCount === scratch.length) {
    const grown = new Int32Array(scratch.length * 2);
    grown.set(scratch);
    scratch = grown;
  }
  scratch[candidateCount++] = start;
}

function addStartsOf(line: string, at: number): void {
  startsOf(line, at, addCandidate);
}
