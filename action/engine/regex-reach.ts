// How far around its start a regex can look: with that bound, a rule tried on a window of a
// long line that holds this much text either side of each start it tries finds exactly what
// it finds on the whole line (detect.ts cuts long lines so).

/** Characters a regex may read from where a match attempt starts. */
export interface Reach {
  /** After the start: the longest match plus what lookaheads and `$` may read past it. */
  ahead: number;
  /** Before the start: lookbehinds, and one for `\b` and `\B`. */
  behind: number;
}

interface Span {
  /** Longest text consumed. */
  length: number;
  /** Furthest position read, from the node's start (≥ length). */
  extent: number;
}

/** The reach of `regex`; `Infinity` where a quantifier is unbounded. Throws on a source it cannot read. */
export function regexReach(regex: RegExp): Reach {
  return new ReachParser(regex.source).parse();
}

class ReachParser {
  private at = 0;
  private behind = 0;
  // Longest text each capture group consumes, for backreferences.
  private readonly groups: number[] = [];
  private readonly named = new Map<string, number>();

  constructor(private readonly src: string) {}

  parse(): Reach {
    const span = this.alternation();
    if (this.at < this.src.length) throw new SyntaxError(`regexReach: unexpected '${this.src[this.at]}' at ${this.at}`);
    // `$` and a lookahead read one character past what they test: count it.
    return { ahead: span.extent + 1, behind: this.behind };
  }

  private alternation(): Span {
    let best = this.sequence();
    while (this.src[this.at] === '|') {
      this.at++;
      const next = this.sequence();
      best = { length: Math.max(best.length, next.length), extent: Math.max(best.extent, next.extent) };
    }
    return best;
  }

  private sequence(): Span {
    let length = 0;
    let extent = 0;
    while (this.at < this.src.length && this.src[this.at] !== '|' && this.src[this.at] !== ')') {
      const atom = this.quantified();
      extent = Math.max(extent, length + atom.extent);
      length += atom.length;
    }
    return { length, extent: Math.max(extent, length) };
  }

  private quantified(): Span {
    const atom = this.atom();
    const q = this.quantifier();
    if (q === undefined) return atom;
    if (this.src[this.at] === '?') this.at++; // lazy
    if (q === 0) return { length: 0, extent: 0 };
    if (q === 1 || atom.length === 0) return atom;
    if (q === Infinity) return { length: Infinity, extent: Infinity };
    return { length: atom.length * q, extent: atom.length * (q - 1) + atom.extent };
  }

  /** The quantifier's maximum count, or undefined when none follows. */
  private quantifier(): number | undefined {
    const c = this.src[this.at];
    if (c === '*' || c === '+') {
      this.at++;
      return Infinity;
    }
    if (c === '?') {
      this.at++;
      return 1;
    }
    if (c !== '{') return undefined;
    // `{n}`, `{n,}` or `{n,m}`; anything else is a literal `{`.
    let at = this.at + 1;
    const min = this.digits(at);
    if (min === at) return undefined;
    at = min;
    let max = Number(this.src.slice(this.at + 1, min));
    if (this.src[at] === ',') {
      const end = this.digits(at + 1);
      max = end === at + 1 ? Infinity : Number(this.src.slice(at + 1, end));
      at = end;
    }
    if (this.src[at] !== '}') return undefined;
    this.at = at + 1;
    return max;
  }

  /** Where the run of digits from `at` ends. */
  private digits(at: number): number {
    let end = at;
    while (end < this.src.length && this.src.charCodeAt(end) >= 48 && this.src.charCodeAt(end) <= 57) end++;
    return end;
  }

  private atom(): Span {
    const src = this.src;
    const c = src[this.at]!;
    if (c === '(') return this.group();
    if (c === '[') {
      this.skipClass();
      return { length: 1, extent: 1 };
    }
    if (c === '^' || c === '$') {
      this.at++;
      return { length: 0, extent: 0 };
    }
    if (c === '\\') return this.escape();
    this.at++;
    return { length: 1, extent: 1 };
  }

  private group(): Span {
    const src = this.src;
    this.at++;
    let kind: 'capture' | 'plain' | 'ahead' | 'behind' = 'capture';
    let name: string | undefined;
    if (src[this.at] === '?') {
      const rest = src.slice(this.at, this.at + 3);
      if (rest.startsWith('?:')) {
        kind = 'plain';
        this.at += 2;
      } else if (rest.startsWith('?=') || rest.startsWith('?!')) {
        kind = 'ahead';
        this.at += 2;
      } else if (rest === '?<=' || rest === '?<!') {
        kind = 'behind';
        this.at += 3;
      } else {
        const m = /^\?<([A-Za-z_$][\w$]*)>/.exec(src.slice(this.at));
        if (!m) throw new SyntaxError(`regexReach: unknown group at ${this.at}`);
        name = m[1];
        this.at += m[0].length;
      }
    }
    const index = kind === 'capture' ? this.groups.push(Infinity) - 1 : -1;
    const inner = this.alternation();
    if (src[this.at] !== ')') throw new SyntaxError(`regexReach: unclosed group at ${this.at}`);
    this.at++;
    if (kind === 'capture') {
      this.groups[index] = inner.length;
      if (name !== undefined) this.named.set(name, inner.length);
    }
    if (kind === 'behind') {
      this.behind = Math.max(this.behind, inner.extent);
      return { length: 0, extent: 0 };
    }
    if (kind === 'ahead') return { length: 0, extent: inner.extent };
    return inner;
  }

  private escape(): Span {
    const src = this.src;
    const c = src[this.at + 1];
    if (c === undefined) throw new SyntaxError('regexReach: trailing backslash');
    if (c === 'b' || c === 'B') {
      this.at += 2;
      this.behind = Math.max(this.behind, 1);
      return { length: 0, extent: 1 };
    }
    if (c >= '1' && c <= '9') {
      const end = this.digits(this.at + 1);
      const length = this.groups[Number(src.slice(this.at + 1, end)) - 1] ?? Infinity;
      this.at = end;
      return { length, extent: length };
    }
    if (c === 'k' && src[this.at + 2] === '<') {
      const close = src.indexOf('>', this.at + 3);
      if (close === -1) throw new SyntaxError('regexReach: unclosed group name');
      const length = this.named.get(src.slice(this.at + 3, close)) ?? Infinity;
      this.at = close + 1;
      return { length, extent: length };
    }
    // One character, however it is written: \x41, \u0041, \u{41}, \cJ, \p{L}, \d, \. …
    let end = this.at + 2;
    if (c === 'x') end += 2;
    else if (c === 'c') end += 1;
    else if ((c === 'u' || c === 'p' || c === 'P') && src[end] === '{') end = src.indexOf('}', end) + 1;
    else if (c === 'u') end += 4;
    if (end <= this.at) throw new SyntaxError('regexReach: unclosed escape');
    this.at = end;
    return { length: 1, extent: 1 };
  }

  private skipClass(): void {
    const src = this.src;
    this.at++;
    if (src[this.at] === '^') this.at++;
    while (this.at < src.length && src[this.at] !== ']') this.at += src[this.at] === '\\' ? 2 : 1;
    if (src[this.at] !== ']') throw new SyntaxError('regexReach: unclosed character class');
    this.at++;
  }
}
