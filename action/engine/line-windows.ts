// A long line is scanned in windows: bounded stretches that overlap by more than any
// line-bound rule reads around a match (regex-reach.ts), so that each rule, tried in each
// window only at the starts in its core, finds what it would find on the whole line, and no
// rule step ever runs on more than one window of text.

/** The part of a window whose positions it tries as match starts; windows' cores tile the line. */
export const WINDOW_CORE = 16 * 1024;
/** Text a window holds past its core: more than any built-in line-bound rule reads from a start. */
export const WINDOW_AHEAD = 16 * 1024;
/** Text a window holds before its core: more than any built-in rule's lookbehind. */
export const WINDOW_BEHIND = 1024;
// Both overlaps are at most a core, so a position lies in at most three windows.
/** Lines up to this long are one window. */
export const LONG_LINE = WINDOW_CORE + WINDOW_AHEAD;

/** One window of a line, as offsets into the text: `start ≤ coreStart < coreEnd ≤ end`. */
export interface LineWindow {
  start: number;
  coreStart: number;
  coreEnd: number;
  end: number;
}

/** The windows of the line [lineStart, lineEnd), in order; a short line is one window. */
export function* lineWindows(lineStart: number, lineEnd: number): Generator<LineWindow> {
  if (lineEnd - lineStart <= LONG_LINE) {
    yield { start: lineStart, coreStart: lineStart, coreEnd: lineEnd, end: lineEnd };
    return;
  }
  for (let coreStart = lineStart; coreStart < lineEnd; coreStart += WINDOW_CORE) {
    const coreEnd = Math.min(coreStart + WINDOW_CORE, lineEnd);
    yield {
      start: Math.max(lineStart, coreStart - WINDOW_BEHIND),
      coreStart,
      coreEnd,
      end: Math.min(lineEnd, coreEnd + WINDOW_AHEAD),
    };
  }
}
