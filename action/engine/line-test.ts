// Line-wide tests (allow regexes, inline markers) asked once per finding: a long line with
// many findings would be read once per finding. The detector hands all findings on a line
// the same string, so a repeat is answered from memory.

// The last line each regex was tested on, and the answer.
const lastTest = new WeakMap<RegExp, { line: string; result: boolean }>();

/** `regex.test(line)`, answered from memory when asked again about the line it was last asked about. */
export function testLine(regex: RegExp, line: string): boolean {
  const known = lastTest.get(regex);
  if (known !== undefined && known.line === line) return known.result;
  regex.lastIndex = 0;
  const result = regex.test(line);
  lastTest.set(regex, { line, result });
  return result;
}
