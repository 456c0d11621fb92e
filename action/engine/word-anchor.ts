// Runs a rule's regex only where a match can start. A context rule whose pattern opens with
// a lazy name prefix or a few optional words is otherwise retried at every character of a
// line, which on minified code costs more than all provider rules together.

/** Where a rule's regex is worth trying; see Rule.anchor. */
export interface Anchor {
  /** What every match is built around (case-insensitive). */
  names: RegExp;
  /** The positions a match holding the name found at `at` could start from. */
  starts(line: string, at: number): number[];
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
 * that every match starts at a position `anchor.starts` gives for some occurrence of
 * `anchor.names` (overlapping ones included). `names` must be global, `sticky` sticky.
 */
export function forEachAnchoredMatch(
  line: string,
  names: RegExp,
  starts: Anchor['starts'],
  sticky: RegExp,
  emit: (m: RegExpExecArray) => void,
): void {
  const candidates: number[] = [];
  names.lastIndex = 0;
  for (let a = names.exec(line); a; a = names.exec(line)) {
    for (const s of starts(line, a.index)) candidates.push(s);
    names.lastIndex = a.index + 1;
  }
  if (candidates.length === 0) return;
  candidates.sort((x, y) => x - y);
  // Positions that are not candidates cannot start a match, so trying the candidates in
  // order, never inside the last match, finds what a search at every position finds.
  let tried = -1;
  let lastEnd = 0;
  for (const start of candidates) {
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
