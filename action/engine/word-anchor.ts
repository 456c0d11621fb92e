// Runs a rule's regex only where a match can start: at the start of a [\w.-] word that holds
// one of its names. A context rule with a lazy name prefix otherwise retries at every
// character of a line, which on minified code costs more than all provider rules together.

const WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) WORD[c] = /[\w.-]/.test(String.fromCharCode(c)) ? 1 : 0;

function isWordChar(c: number): boolean {
  return c < 128 && WORD[c] === 1;
}

/**
 * The matches a global search with `sticky`'s pattern finds in `line`, left to right, for a
 * pattern whose every match starts where a [\w.-] word holding a match of `anchor` starts.
 * `anchor` must be global (`g`), `sticky` sticky (`y`).
 */
export function forEachAnchoredMatch(line: string, anchor: RegExp, sticky: RegExp, emit: (m: RegExpExecArray) => void): void {
  let lastStart = -1;
  let lastEnd = 0;
  anchor.lastIndex = 0;
  for (let a = anchor.exec(line); a; a = anchor.exec(line)) {
    if (a[0].length === 0) {
      anchor.lastIndex++;
      continue;
    }
    let start = a.index;
    while (start > 0 && isWordChar(line.charCodeAt(start - 1))) start--;
    // Words do not overlap, so starts only grow; one inside the last match cannot match.
    if (start === lastStart || start < lastEnd) continue;
    lastStart = start;
    sticky.lastIndex = start;
    const m = sticky.exec(line);
    if (m && m[0].length > 0) {
      emit(m);
      lastEnd = start + m[0].length;
      if (anchor.lastIndex < lastEnd) anchor.lastIndex = lastEnd;
    }
  }
}
