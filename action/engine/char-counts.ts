// Counts each character of a string without a Map per call: entropy and the placeholder
// check run on every candidate finding, and a text dense with findings makes many.

const counts = new Uint32Array(65536);
const chars = new Uint16Array(65536);
let distinct = 0;

/** Counts the UTF-16 code units of `value`; returns how many distinct ones it holds. */
export function countChars(value: string): number {
  for (let i = 0; i < distinct; i++) counts[chars[i]!] = 0;
  distinct = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (counts[c] === 0) chars[distinct++] = c;
    counts[c]!++;
  }
  return distinct;
}

/** How often the `i`-th distinct code unit occurs in the value last counted. */
export function countAt(i: number): number {
  return counts[chars[i]!]!;
}
