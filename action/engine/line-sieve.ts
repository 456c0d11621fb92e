// The prefilter for raw bytes, a line at a time: lets a source drop, before decoding it,
// every line that holds no rule's keyword, which is most lines of most code.
import { NEWLINE, type KeywordAutomaton } from './keyword-automaton.js';

/**
 * `verdict` bits: the line holds a keyword; a multiline rule's keyword; only a name-begun
 * multiline rule's keyword (its match ends within NAME_REACH of the line).
 */
export const SIEVE_KEYWORD = 1;
export const SIEVE_MULTILINE = 2;
export const SIEVE_NEXT_LINES = 4;

/**
 * How far (in bytes after the end of its keyword's line) a multiline rule's match may
 * reach. A private key's body is at most 16,000 units of one or two characters (`\n`
 * escaped in JSON), so 32,000 characters plus its BEGIN/END lines.
 */
export const MULTILINE_REACH = 33 * 1024;

/**
 * How far a multiline rule that begins at a provider's name (`multiline.asName`) may reach
 * past its line: the next line, a few hundred characters of UTF-8 at most.
 */
export const NAME_REACH = 1024;

/**
 * Where the lines kept for a multiline rule end, after a line with sieve verdict `verdict` that
 * ends at `after` (the offset past its newline), given the current `reachEnd`. Every source that
 * drops lines keeps these, or a dropped line would bring two others together.
 */
export function reachAfter(verdict: number, after: number, reachEnd: number): number {
  if (verdict & SIEVE_MULTILINE) return after + MULTILINE_REACH;
  if (verdict & SIEVE_NEXT_LINES) return Math.max(reachEnd, after + NAME_REACH);
  return reachEnd;
}

/**
 * What must surround a keyword for its rule to match there (keyword-tail.ts): at least `min`
 * bytes after it each with `bytes[b] === 1` (`min` 0: no condition), and, with `before`, a byte
 * before it with `before[b] === 1` unless the keyword starts its line.
 */
export interface KeywordTail {
  bytes: Uint8Array;
  min: number;
  before?: Uint8Array;
}

/** A tail's `min` when it runs to the line's end: every byte up to the newline. Above every other `min`. */
export const TO_LINE_END = 255;

export interface LineSieve {
  /**
   * Reads `bytes` from `start` to the first `\n` before `end`, returns that newline's index
   * and sets `verdict` (0, or SIEVE_* bits). Throws if there is no newline before `end`.
   */
  line(bytes: Uint8Array, start: number, end: number): number;
  readonly verdict: number;
  /** After a line with a verdict: the rules whose keywords it holds, in order of appearance. */
  readonly rules: readonly number[];
}

class ByteLineSieve implements LineSieve {
  verdict = 0;
  rules: readonly number[] = [];
  // Whether `rules` is this line's own copy, made once a second keyword added rules to it.
  private merged = false;
  // seen[rule] === serial: the rule is already in the current line's merged `rules`.
  private readonly seen: Uint32Array;
  private serial = 0;

  constructor(
    private readonly table: Int32Array,
    private readonly classes: Uint8Array,
    private readonly width: number,
    private readonly multiline: Uint8Array,
    /** Per state: the rules its keywords select, each once; shared, never written to. */
    private readonly ruleLists: readonly (readonly number[])[],
    ruleCount: number,
    /** Per state: how many bytes after its keyword must be in `tailBytes[tailOf[state]]` (0: none). */
    private readonly tailMin: Uint8Array,
    private readonly tailOf: Uint16Array,
    private readonly tailBytes: readonly Uint8Array[],
    /** Per state: 1 + the index in `headBytes` of the bytes that may stand before its keyword (0: any), and the keyword's length. */
    private readonly headOf: Uint16Array,
    private readonly headBytes: readonly Uint8Array[],
    private readonly depth: Uint16Array,
  ) {
    this.seen = new Uint32Array(ruleCount);
  }

  line(bytes: Uint8Array, start: number, end: number): number {
    const { table, classes } = this;
    let state = 0;
    let verdict = 0;
    for (let i = start; i < end; i++) {
      state = table[state + classes[bytes[i]!]!]!;
      if (state < 0) {
        if (state === NEWLINE) {
          this.verdict = verdict;
          return i;
        }
        state = ~state;
        const s = state / this.width;
        if ((this.tailMin[s] === 0 || this.tailHolds(bytes, i + 1, end, s)) && (this.headOf[s] === 0 || this.headHolds(bytes, i, start, s))) {
          verdict = this.hit(s, verdict);
        }
      }
    }
    throw new Error('LineSieve.line: no newline before the end of the range');
  }

  private tailHolds(bytes: Uint8Array, from: number, end: number, state: number): boolean {
    const min = this.tailMin[state]!;
    if (min === TO_LINE_END) {
      const tail = this.tailBytes[this.tailOf[state]!]!;
      for (let i = from; i < end && bytes[i] !== 10; i++) if (tail[bytes[i]!] === 0) return false;
      return true;
    }
    const stop = from + min;
    if (stop > end) return false;
    const tail = this.tailBytes[this.tailOf[state]!]!;
    for (let i = from; i < stop; i++) if (tail[bytes[i]!] === 0) return false;
    return true;
  }

  private headHolds(bytes: Uint8Array, at: number, start: number, state: number): boolean {
    const before = at - this.depth[state]!;
    return before < start || this.headBytes[this.headOf[state]! - 1]![bytes[before]!] === 1;
  }

  // Most kept lines hold one keyword: their rules are the state's own list, not a copy.
  private hit(state: number, verdict: number): number {
    const list = this.ruleLists[state]!;
    if (verdict === 0) {
      this.rules = list;
      this.merged = false;
    } else if (list !== this.rules) this.merge(list);
    return verdict | SIEVE_KEYWORD | this.multiline[state]!;
  }

  private merge(list: readonly number[]): void {
    if (!this.merged) {
      this.merged = true;
      // Wrapping to 0 would match the array's initial zeros: restart the stamps instead.
      if (++this.serial === 0xffffffff) {
        this.seen.fill(0);
        this.serial = 1;
      }
      const own = this.rules.slice();
      for (const rule of own) this.seen[rule] = this.serial;
      this.rules = own;
    }
    const own = this.rules as number[];
    for (const rule of list) {
      if (this.seen[rule] !== this.serial) {
        this.seen[rule] = this.serial;
        own.push(rule);
      }
    }
  }
}

/**
 * `isMultiline(rule)` tells which rules' keywords widen a line's verdict to SIEVE_MULTILINE;
 * of those, `isNameBegun(rule)` the ones that reach only NAME_REACH (SIEVE_NEXT_LINES).
 * `tailOf(rule)`: what must follow each of the rule's keywords, and what may stand before it,
 * for it to match there (keyword-tail.ts); a keyword counts only where every rule it may select
 * finds both.
 */
export function lineSieveOf(
  automaton: KeywordAutomaton,
  ruleCount: number,
  isMultiline: (rule: number) => boolean,
  isNameBegun: (rule: number) => boolean = () => false,
  tailOf: (rule: number) => KeywordTail | undefined = () => undefined,
): LineSieve {
  // The automaton's table is the sieve's: a row per state, a column per byte class (bytes in
  // no keyword share one), so it stays in cache; entries are offsets, negative at a keyword's end.
  const { table, classes, width, outputs, stateCount } = automaton;
  // This runs at every scan's start, before it is optimised: plain loops over typed arrays.
  const multiline = new Uint8Array(stateCount);
  for (let s = 0; s < stateCount; s++) {
    const rules = outputs[s]!;
    if (rules.length === 0 || !rules.some(isMultiline)) continue;
    multiline[s] = rules.some((r) => isMultiline(r) && !isNameBegun(r)) ? SIEVE_MULTILINE : SIEVE_NEXT_LINES;
  }
  const { tailMin, tailIndex, tailBytes } = stateTails(outputs, stateCount, tailOf);
  const { headOf, headBytes } = stateHeads(automaton, tailOf);
  // The automaton lists each rule once per state already.
  return new ByteLineSieve(table, classes, width, multiline, outputs, ruleCount, tailMin, tailIndex, tailBytes, headOf, headBytes, automaton.depth);
}

/** Longest tail a state checks: a token's first bytes are evidence enough. */
const MAX_TAIL = 64;

/**
 * The byte tables the states check, each kept once (many rules share a class): a table's
 * index, or undefined past what a Uint16 index holds, when the state goes unchecked.
 */
class ByteTables {
  readonly list: Uint8Array[] = [];
  private readonly known = new Map<Uint8Array, number>();

  indexOf(table: Uint8Array): number | undefined {
    let index = this.known.get(table);
    if (index === undefined && this.list.length < 0xfffe) {
      this.known.set(table, (index = this.list.length));
      this.list.push(table);
    }
    return index;
  }
}

/** The bytes either table admits: the same table when both are one. */
function either(a: Uint8Array | undefined, b: Uint8Array): Uint8Array {
  return a === undefined || a === b ? b : a.map((x, k) => x | b[k]!);
}

/**
 * Per state, the weakest of its rules' tails (the fewest bytes, any byte one of them admits),
 * or none if one of its rules has none.
 */
function stateTails(outputs: readonly (readonly number[])[], stateCount: number, tailOf: (rule: number) => KeywordTail | undefined) {
  const tailMin = new Uint8Array(stateCount);
  const tailIndex = new Uint16Array(stateCount);
  const tables = new ByteTables();
  for (let s = 0; s < stateCount; s++) {
    const rules = outputs[s]!;
    if (rules.length === 0) continue;
    const tails = rules.map(tailOf);
    if (tails.some((t) => t === undefined)) continue;
    // A tail to the line's end does not combine with a counted one: none then.
    const toLineEnd = tails.filter((t) => t!.min === TO_LINE_END).length;
    if (toLineEnd > 0 && toLineEnd < tails.length) continue;
    let bytes: Uint8Array | undefined;
    let min = TO_LINE_END;
    for (const t of tails) {
      bytes = either(bytes, t!.bytes);
      min = Math.min(min, t!.min === TO_LINE_END ? TO_LINE_END : Math.min(MAX_TAIL, t!.min));
    }
    if (min === 0) continue;
    const index = tables.indexOf(bytes!);
    if (index === undefined) continue;
    tailIndex[s] = index;
    tailMin[s] = min;
  }
  return { tailMin, tailIndex, tailBytes: tables.list };
}

/**
 * Per state, the bytes that may stand before its keyword: only where every rule it selects has
 * that keyword itself (not a shorter one ending there) and says what may precede it.
 */
function stateHeads(automaton: KeywordAutomaton, tailOf: (rule: number) => KeywordTail | undefined) {
  const { outputs, ownOutputs, stateCount } = automaton;
  const headOf = new Uint16Array(stateCount);
  const tables = new ByteTables();
  for (let s = 0; s < stateCount; s++) {
    const rules = outputs[s]!;
    if (rules.length === 0 || ownOutputs[s] !== rules.length) continue;
    const befores = rules.map((r) => tailOf(r)?.before);
    if (befores.some((b) => b === undefined)) continue;
    const index = tables.indexOf(befores.reduce<Uint8Array | undefined>((all, b) => either(all, b!), undefined)!);
    if (index !== undefined) headOf[s] = index + 1;
  }
  return { headOf, headBytes: tables.list };
}
