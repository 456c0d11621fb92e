// Text out of bytes that are not text, as `strings` finds it: runs of printable ASCII. A NUL
// between two printable bytes does not end a run, so UTF-16 (LE or BE) text, which a pusher
// can commit to slip a token past a byte-level scan, reads as the ASCII it spells.
// What is binary is decided by content (a NUL byte), never by a file's name or attributes.

/** Shortest run kept: shorter ones are noise in real binaries, and no credential is that short. */
export const MIN_RUN = 4;

const TAB = 9;
const NL = 10;

function isPrintable(b: number): boolean {
  return (b >= 0x20 && b < 0x7f) || b === TAB;
}

/** Whether `bytes[start, end)` holds a NUL: such bytes are read as printable runs, not as text. */
export function hasNul(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  const at = bytes.indexOf(0, start);
  return at !== -1 && at < end;
}

/**
 * The printable runs of `bytes[start, end)` (a single line), joined by one space: a token never
 * holds a space, so none is joined to its neighbour. Returns ASCII bytes.
 */
export function printableLine(bytes: Uint8Array, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  let n = 0;
  forEachRun(bytes, start, end, (runStart, runEnd) => {
    if (n > 0) out[n++] = 0x20;
    n = copyRun(bytes, runStart, runEnd, out, n);
  });
  return out.subarray(0, n);
}

/**
 * A whole binary file as lines of printable runs: each run is one line, numbered by the line of
 * the file (counting its newline bytes) where it starts.
 */
export function printableText(bytes: Uint8Array): { text: string; lineNumbers: number[] } {
  const lines: string[] = [];
  const lineNumbers: number[] = [];
  let lineNo = 1;
  let counted = 0;
  const scratch = Buffer.allocUnsafe(Math.min(bytes.length, 1 << 20));
  forEachRun(bytes, 0, bytes.length, (runStart, runEnd) => {
    for (let i = bytes.indexOf(NL, counted); i !== -1 && i < runStart; i = bytes.indexOf(NL, i + 1)) lineNo++;
    counted = runStart;
    const buf = runEnd - runStart <= scratch.length ? scratch : Buffer.allocUnsafe(runEnd - runStart);
    const n = copyRun(bytes, runStart, runEnd, buf, 0);
    lines.push(buf.toString('latin1', 0, n));
    lineNumbers.push(lineNo);
  });
  return { text: lines.join('\n'), lineNumbers };
}

/** Calls `run(start, end)` for each printable run of at least MIN_RUN characters. */
function forEachRun(bytes: Uint8Array, start: number, end: number, run: (start: number, end: number) => void): void {
  let runStart = -1;
  let chars = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (isPrintable(b)) {
      if (runStart === -1) runStart = i;
      chars++;
    } else if (b === 0 && runStart !== -1 && i + 1 < end && isPrintable(bytes[i + 1]!) && isPrintable(bytes[i - 1]!)) {
      // A NUL inside a run: the other half of a UTF-16 code unit.
    } else {
      if (chars >= MIN_RUN) run(runStart, i);
      runStart = -1;
      chars = 0;
    }
  }
  if (runStart !== -1 && chars >= MIN_RUN) run(runStart, end);
}

/** Copies a run's printable bytes (its inner NULs dropped) into `out` at `n`; returns the new end. */
function copyRun(bytes: Uint8Array, start: number, end: number, out: Uint8Array, n: number): number {
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b !== 0) out[n++] = b;
  }
  return n;
}
