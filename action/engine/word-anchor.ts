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
  // Rules share their anchors' name lists; each is built once, when a line first needs it.
  let finder = finders.get(names);
  if (!finder) {
    let built: NameFinder | undefined;
    finder = (line, found) => (built ??= buildNameFinder(names))(line, found);
    finders.set(names, finder);
  }
  return finder;
}

const finders = new WeakMap<readonly string[], NameFinder>();

function buildNameFinder(names: readonly string[]): NameFinder {
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

/**
 * Start of the [\w.-] run that ends at `at` (holding the name found there), when it starts at
 * most `within` characters before `at`; else -1. A match whose name prefix is bounded cannot
 * start further back, and the bound keeps a long run from being walked once per name in it.
 */
export function wordStart(line: string, at: number, within: number): number {
  const floor = at - within;
  let start = at;
  while (start > 0) {
    const c = line.charCodeAt(start - 1);
    if (c >= 128 || WORD[c] !== 1) break;
    if (start === floor) return -1;
    start--;
  }
  return start;
}

/**
 * The matches a global search with `sticky`'s pattern finds in `line` from `from`, left to
 * right, that start before `to`, given that every match starts at a position `anchor.starts`
 * gives for some occurrence of one of `anchor.names` (`findNames`). `sticky` must be sticky.
 * Returns where the last match ended (`from` if none): a window of a long line passes it on
 * as the next window's `from`.
 */
export function forEachAnchoredMatch(
  line: string,
  findNames: NameFinder,
  starts: Anchor['starts'],
  sticky: RegExp,
  emit: (m: RegExpExecArray) => void,
  from = 0,
  to = line.length,
): number {
  // Candidates go to a scratch array shared by all calls (a scan makes ~100,000 of them).
  candidateCount = 0;
  startsOf = starts;
  findNames(line, addStartsOf);
  const n = candidateCount;
  if (n === 0) return from;
  const ordered = n <= SMALL ? insertionSorted(n) : markSorted(n, line.length);
  // Positions that are not candidates cannot start a match, so trying the candidates in
  // order, never inside the last match, finds what a search at every position finds.
  let tried = -1;
  let lastEnd = from;
  for (let i = 0; i < ordered; i++) {
    const start = scratch[i]!;
    if (start === tried || start < lastEnd) continue;
    if (start >= to) break;
    tried = start;
    sticky.lastIndex = start;
    const m = sticky.exec(line);
    if (m && m[0].length > 0) {
      emit(m);
      lastEnd = start + m[0].length;
    }
  }
  return lastEnd;
}

/** Insertion sort of the first `n` candidates: a line has a handful, nearly in order. */
function insertionSorted(n: number): number {
  const candidates = scratch;
  for (let i = 1; i < n; i++) {
    const v = candidates[i]!;
    let j = i - 1;
    while (j >= 0 && candidates[j]! > v) {
      candidates[j + 1] = candidates[j]!;
      j--;
    }
    candidates[j + 1] = v;
  }
  return n;
}

/**
 * Many candidates (a long line dense with names): marked on the line and read back in order,
 * each once, in time linear in the line however they arrive. Returns how many remain.
 */
function markSorted(n: number, length: number): number {
  if (marks.length < length) marks = new Uint8Array(Math.max(length, marks.length * 2));
  let lo = length;
  let hi = -1;
  for (let i = 0; i < n; i++) {
    const start = scratch[i]!;
    marks[start] = 1;
    if (start < lo) lo = start;
    if (start > hi) hi = start;
  }
  let count = 0;
  for (let start = lo; start <= hi; start++) {
    if (marks[start] === 0) continue;
    marks[start] = 0;
    scratch[count++] = start;
  }
  return count;
}

/** Up to this many candidates are sorted in place; more are ordered by marking the line. */
const SMALL = 32;

let scratch = new Int32Array(64);
let marks = new Uint8Array(0);
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
