// What must surround a rule's keyword for its regex to match there, read off the regex: for a
// token format that begins with its prefix (`pat` then 14 letters or digits, `re_` then 8), what
// follows; for a guard (`\b`, a lookbehind), what may stand before. The line sieve can then drop
// a line whose keyword is only part of a word (`path`, `re_render`, `getSymbol`) before the line
// is decoded. Most lines of third-party JavaScript hold such words.
import { TO_LINE_END, type KeywordTail } from './line-sieve.js';
import { escapeRegExp } from './regex-escape.js';
import type { Rule } from './types.js';

export { TO_LINE_END };
export type { KeywordTail };

/**
 * The tail a rule's keywords must have, when its regex says so: a guard (`\b`, lookbehinds),
 * then, in a group or not, the keywords written out (one literal, or `(?:a|b)` with a literal
 * after it, naming exactly the rule's keywords), then a class repeated at least once, and no
 * alternative anywhere that could start otherwise. A regex of any other shape gets none, and
 * its lines are kept as before.
 */
export function keywordTailOf(rule: Rule): KeywordTail | undefined {
  if (rule.multiline?.asName) return NAME_END;
  if (rule.multiline) return endsLine(rule);
  if (rule.keywords.length === 0) return undefined;
  const src = rule.regex.source;
  const flags = rule.regex.flags.replace(/[gy]/g, '');
  const keywords = rule.keywords.map((k) => k.toLowerCase());
  const tail = tailOf(src, flags, keywords);
  const before = headOf(src, flags, keywords);
  // Read only of a regex that has a shape: it runs at every scan's start.
  if ((!tail && !before) || hasOuterAlternative(src)) return undefined;
  return { bytes: tail?.bytes ?? NO_BYTES, min: tail?.min ?? 0, ...(before && { before }) };
}

const NO_BYTES = new Uint8Array(256);
// Space, tab and CR: what may stand between a block's key and its line's end.
const SPACE = Uint8Array.from({ length: 256 }, (_, b) => (b === 32 || b === 9 || b === 13 ? 1 : 0));
// Not a word character: what \b wants before a keyword that starts with one.
const NOT_WORD = Uint8Array.from({ length: 256 }, (_, b) => (b < 128 && /\w/.test(String.fromCharCode(b)) ? 0 : 1));

/**
 * A multiline rule whose regex opens with its single keyword then spaces to the end of the
 * line (`data:[ \t]*\r?\n`, a YAML block's key): the keyword counts only where nothing else
 * follows it on its line. Every keyword of a multiline rule keeps the next 33 KiB of lines.
 */
function endsLine(rule: Rule): KeywordTail | undefined {
  const begin = rule.multiline!.begin;
  if (rule.keywords.length !== 1 || rule.keywords[0]!.toLowerCase() !== begin.toLowerCase()) return undefined;
  return rule.regex.source.startsWith(`${escapeRegExp(begin)}[ \\t]*\\r?\\n`) ? { bytes: SPACE, min: TO_LINE_END } : undefined;
}

function tailOf(src: string, flags: string, keywords: string[]): KeywordTail | undefined {
  const shape = SHAPE.exec(src);
  if (!shape) return undefined;
  const [, alternatives, literal = '', cls, , count] = shape;
  if (!namesExactly(alternatives, literal, keywords)) return undefined;
  const min = count !== undefined ? Number(count) : 1;
  if (min < 1) return undefined;
  return { bytes: classBytes(cls!, flags), min };
}

/**
 * The bytes that may stand before the keywords, for a regex whose guard is `\b` or a
 * lookbehind of one class and which then writes the keywords out in full (no quantifier on
 * their last character).
 */
function headOf(src: string, flags: string, keywords: string[]): Uint8Array | undefined {
  const shape = HEAD.exec(src);
  if (!shape) return undefined;
  const [, guard, lookbehind, alternatives, literal = ''] = shape;
  if (!namesExactly(alternatives, literal, keywords)) return undefined;
  if (guard === '\\b') {
    // Before a word character, \b wants a non-word one (or the line's start).
    if (!keywords.every((k) => /^\w/.test(k))) return undefined;
    return NOT_WORD;
  }
  return memo(`before ${lookbehind} ${flags}`, () => {
    // The bytes the lookbehind's class refuses: those its class matches.
    const blocked = classBytes(lookbehind!, flags);
    const before = new Uint8Array(256).fill(1, 128);
    for (let b = 0; b < 128; b++) before[b] = blocked[b]! ^ 1;
    return before;
  });
}

/** Whether `(?:alternatives)` (if any) followed by `literal` write exactly `keywords`. */
function namesExactly(alternatives: string | undefined, literal: string, keywords: string[]): boolean {
  const suffix = unescape(literal);
  const written = (alternatives === undefined ? [''] : alternatives.split('|').map(unescape)).map((a) => `${a}${suffix}`.toLowerCase());
  return !written.some((w) => w === '') && written.length === keywords.length && written.every((w) => keywords.includes(w));
}

const LITERAL = String.raw`(?:\\[./_-]|[A-Za-z0-9_-])`;
// Guards, an optional plain group, `(?:a|b)` and/or a literal, the class, its repeat.
const SHAPE = new RegExp(
  String.raw`^(?:\\b|\(\?<!(?:\[(?:\\.|[^\]\\])*\]|\\.|[^()[\\])*\))*\(?(?!\?)` +
    String.raw`(?:\(\?:(${LITERAL}+(?:\|${LITERAL}+)*)\))?(${LITERAL}*?)` +
    String.raw`(\[(?:\\.|[^\]\\])+\]|\\[dw])(\{(\d+)(?:,\d*)?\}|\+)`,
);

// A guard, an optional plain group, `(?:a|b)` and/or a literal taken whole (an atomic group
// by lookahead), not followed by a quantifier that would make its last character optional.
const HEAD = new RegExp(
  String.raw`^(\\b|\(\?<!(\[(?:\\.|[^\]\\])*\])\))\(?(?!\?)` +
    String.raw`(?:\(\?:(${LITERAL}+(?:\|${LITERAL}+)*)\)(?![?*+{]))?(?=(${LITERAL}*))\4(?![?*+{])`,
);

const unescape = (literal: string) => literal.replace(/\\(.)/g, '$1');

/**
 * A provider's name (`multiline.asName`) ends where a word would: never before a lower-case
 * letter (`toggle` is not `toggl`, `groovy` not `groove`); detect.ts's name finder says the
 * rest (an upper-case letter after an upper-case name). The newline may follow: the value is
 * then on the next line.
 */
const NAME_END: KeywordTail = { bytes: new Uint8Array(256).fill(1).fill(0, 97, 123), min: 1 };

const ASCII = String.fromCharCode(...Array.from({ length: 128 }, (_, c) => c));

/**
 * The bytes of UTF-8 text a class can match, newline aside (rules are line-bound); a byte of a
 * multi-byte character only if the class admits such characters. Rules share most classes.
 */
function classBytes(cls: string, flags: string): Uint8Array {
  return memo(`${cls} ${flags}`, () => {
    const one = new RegExp(cls, `${flags}g`);
    const bytes = new Uint8Array(256);
    for (const ch of ASCII.match(one) ?? []) bytes[ch.charCodeAt(0)] = 1;
    bytes[10] = 0;
    one.lastIndex = 0;
    if (cls.startsWith('[^') || one.test('é ж 中 \u{1F600}')) bytes.fill(1, 128);
    return bytes;
  });
}

// Rules share classes and guards: each table is made once per process, and shared (never written to).
const tables = new Map<string, Uint8Array>();
function memo(key: string, make: () => Uint8Array): Uint8Array {
  let t = tables.get(key);
  if (t === undefined) tables.set(key, (t = make()));
  return t;
}

/**
 * Whether the source has a `|` outside a class at depth 0, or at depth 1 inside the first
 * capturing group (the group the keywords open).
 */
function hasOuterAlternative(src: string): boolean {
  let depth = 0;
  let inClass = false;
  let firstGroupSeen = false;
  let inFirstGroup = false;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 92 /* \\ */) {
      i++;
      continue;
    }
    if (inClass) {
      if (c === 93 /* ] */) inClass = false;
      continue;
    }
    if (c === 91 /* [ */) inClass = true;
    else if (c === 40 /* ( */) {
      depth++;
      if (depth === 1 && !firstGroupSeen && src.charCodeAt(i + 1) !== 63 /* ? */) {
        firstGroupSeen = true;
        inFirstGroup = true;
      }
    } else if (c === 41 /* ) */) {
      if (depth === 1) inFirstGroup = false;
      depth--;
    } else if (c === 124 /* | */ && (depth === 0 || (depth === 1 && inFirstGroup))) return true;
  }
  return false;
}
