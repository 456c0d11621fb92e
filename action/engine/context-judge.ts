// The judgement the context-only rules (rules/generic.ts) make on a value they captured, as a
// reviewer would: it must not read as something other than a secret (value-shape.ts), it must
// sit where a secret assigned to its name sits (assignment-place.ts), and in prose files it
// needs stronger evidence than in code: a README, a changelog or a .rst page names tokens and
// passwords all the time, and quotes what they look like.
import { misplacement } from './assignment-place.js';
import { shannonEntropy } from './entropy.js';
import type { ValuePlace } from './types.js';
import { valueShape } from './value-shape.js';

// Markdown, reStructuredText, AsciiDoc, and the changelog-like files that are prose whatever
// their extension. Not `.txt`: a credentials.txt or pasted terminal output is where keys are
// written down, in the forms code uses.
const PROSE_FILE =
  /\.(?:md|markdown|mdx|mdown|rst|rest|adoc|asciidoc|textile|rdoc|org|pod)$|(?:^|\/)(?:changelog|changes|history|news|releases?|authors|contributors|contributing|readme|upgrading|migrating)(?:[._-][^/]*)?$/i;

export function isProseFile(file: string): boolean {
  return PROSE_FILE.test(file);
}

// In prose, a value is a secret only if it reads as a random one: high entropy and several
// kinds of characters (a long one may make do with two: 32 hex digits, a 40-character base62 key).
const PROSE_ENTROPY = 3.3;

export function hasStrongEvidence(value: string): boolean {
  if (shannonEntropy(value) < PROSE_ENTROPY) return false;
  const kinds = characterKinds(value);
  return kinds >= 3 || (kinds === 2 && value.length >= 20);
}

function characterKinds(value: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

/** For `name = "value"` and `name: value` rules: the value's shape, its place, the file. */
export function judgeAssignedValue(secret: string, place: ValuePlace): boolean {
  if (valueShape(secret) !== undefined) return false;
  if (misplacement(place) !== undefined) return false;
  return !isProseFile(place.file) || hasStrongEvidence(secret);
}

/** For rules with no assignment to place (prose, XML elements): the value's shape and the file. */
export function judgeQuotedValue(secret: string, place: ValuePlace): boolean {
  if (valueShape(secret) !== undefined) return false;
  return !isProseFile(place.file) || hasStrongEvidence(secret);
}
