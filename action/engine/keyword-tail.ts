// What must follow a rule's keyword for its regex to match there: for a token format that
// begins with its prefix (`pat` then 14 letters or digits, `re_` then 8), the line sieve can
// drop a line whose keyword is only the start of a word (`path`, `re_render`) before the line
// is decoded. Most lines of third-party JavaScript hold such words.
import type { KeywordTail } from './line-sieve.js';
import type { Rule } from './types.js';

export type { KeywordTail };

/**
 * The tail a rule's keyword must have, when its regex says so: a single keyword, and a regex
 * that is a guard (`\b` or a lookbehind), then a group that opens with that keyword written
 * out and a class repeated at least once, with no alternative anywhere that could start
 * otherwise. A regex of any other shape gets none, and its lines are kept as before.
 */
export function keywordTailOf(rule: Rule): KeywordTail | undefined {
  if (rule.multiline?.asName) return NAME_END;
  if (rule.multiline || rule.keywords.length !== 1) return undefined;
  const keyword = rule.keywords[0]!;
  const src = rule.regex.source;
  if (hasOuterAlternative(src)) return undefined;
  const shape = /^(?:\\b|\(\?<!(?:\[(?:\\.|[^\]\\])*\]|\\.|[^()[\\])*\))?\((?!\?)((?:\\[./_-]|[A-Za-z0-9_-])+?)(\[(?:\\.|[^\]\\])+\]|\\[dw])(\{(\d+)(?:,\d*)?\}|\+)/.exec(src);
  if (!shape) return undefined;
  const literal = shape[1]!.replace(/\\(.)/g, '$1');
  if (literal.toLowerCase() !== keyword.toLowerCase()) return undefined;
  const min = shape[4] !== undefined ? Number(shape[4]) : 1;
  if (min < 1) return undefined;
  const flags = rule.regex.flags.replace(/[gy]/g, '');
  return { bytes: classBytes(new RegExp(`^${shape[2]}$`, flags), shape[2]!.startsWith('[^')), min };
}

/**
 * A provider's name (`multiline.asName`) ends where a word would: never before a lower-case
 * letter (`toggle` is not `toggl`, `groovy` not `groove`); detect.ts's name finder says the
 * rest (an upper-case letter after an upper-case name). The newline may follow: the value is
 * then on the next line.
 */
const NAME_END: KeywordTail = { bytes: new Uint8Array(256).fill(1).fill(0, 97, 123), min: 1 };

/** The bytes of UTF-8 text a class can match; a byte of a multi-byte character only if the class admits such characters. */
function classBytes(one: RegExp, negated: boolean): Uint8Array {
  const bytes = new Uint8Array(256);
  for (let b = 0; b < 128; b++) if (one.test(String.fromCharCode(b))) bytes[b] = 1;
  // Rules are line-bound: their matches never hold a newline.
  bytes[10] = 0;
  const wide = negated || ['é', 'ж', '中', '\u{1F600}'].some((ch) => one.test(ch));
  if (wide) bytes.fill(1, 128);
  return bytes;
}

/**
 * Whether the source has a `|` outside a class at depth 0, or at depth 1 inside the first
 * group that is not a lookbehind (the group the keyword opens).
 */
function hasOuterAlternative(src: string): boolean {
  let depth = 0;
  let inClass = false;
  let firstGroupSeen = false;
  let inFirstGroup = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') {
      depth++;
      if (depth === 1 && !firstGroupSeen && !src.startsWith('(?<', i)) {
        firstGroupSeen = true;
        inFirstGroup = true;
      }
    } else if (c === ')') {
      if (depth === 1) inFirstGroup = false;
      depth--;
    } else if (c === '|' && (depth === 0 || (depth === 1 && inFirstGroup))) return true;
  }
  return false;
}
