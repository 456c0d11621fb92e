// Cheap tests a line must pass before an expensive rule regex runs on it (Rule.lineCheck).
// Each says only "no match can be on this line"; line-check.test.ts holds every rule that
// uses one to its regex.

/** True when `c` (a UTF-16 code unit) is in JavaScript's `\s`. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/**
 * For a regex ending `(VALUE{min,…})\s*(?:#.*)?$`, VALUE an ASCII class written out in
 * `chars`: the line must end, trailing spaces aside, in `min` such characters, or have
 * them just before a `#` (and spaces) that starts a comment.
 */
export function endsInValue(chars: string, min: number): (line: string) => boolean {
  const value = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) value[chars.charCodeAt(i)] = 1;
  const valueBefore = (line: string, end: number): boolean => {
    let e = end;
    while (e > 0 && isSpace(line.charCodeAt(e - 1))) e--;
    if (e < min) return false;
    for (let i = e - min; i < e; i++) {
      const c = line.charCodeAt(i);
      if (c >= 128 || value[c] === 0) return false;
    }
    return true;
  };
  return (line) => {
    if (valueBefore(line, line.length)) return true;
    for (let hash = line.indexOf('#'); hash !== -1; hash = line.indexOf('#', hash + 1)) if (valueBefore(line, hash)) return true;
    return false;
  };
}

/** The line holds each of `parts`, in this order (case-sensitive). */
export function holdsInOrder(...parts: string[]): (line: string) => boolean {
  return (line) => {
    let at = 0;
    for (const part of parts) {
      const found = line.indexOf(part, at);
      if (found === -1) return false;
      at = found + part.length;
    }
    return true;
  };
}
