import { countAt, countChars } from './char-counts.js';

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const distinct = countChars(value);
  let bits = 0;
  for (let i = 0; i < distinct; i++) {
    const p = countAt(i) / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
