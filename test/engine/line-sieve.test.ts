// The byte-level line sieve must keep every line the string prefilter would select, and
// only those: a line it drops is never seen by any rule.
import { describe, expect, it } from 'vitest';
import { buildConfig } from '../../action/engine/config.js';
import { createDetector } from '../../action/engine/detect.js';
import { buildKeywordAutomaton } from '../../action/engine/keyword-automaton.js';
import { keywordTailOf, TO_LINE_END, type KeywordTail } from '../../action/engine/keyword-tail.js';
import { lineSieveOf, SIEVE_KEYWORD, SIEVE_MULTILINE, SIEVE_NEXT_LINES, type LineSieve } from '../../action/engine/line-sieve.js';
import { prefilterOf } from '../../action/engine/prefilter.js';
import type { Rule } from '../../action/engine/types.js';

function verdict(sieve: LineSieve, line: string): number {
  const bytes = Buffer.from(`${line}\n`);
  expect(sieve.line(bytes, 0, bytes.length)).toBe(bytes.length - 1);
  return sieve.verdict;
}

describe('line sieve', () => {
  const keywords = [['ghp_'], ['secret', 'token'], ['private key']];
  const automaton = buildKeywordAutomaton(keywords);
  const sieve = lineSieveOf(automaton, keywords.length, (rule) => rule === 2);

  it('tells lines with a keyword, case-insensitively, from lines without', () => {
    expect(verdict(sieve, 'nothing here')).toBe(0);
    expect(verdict(sieve, '')).toBe(0);
    expect(verdict(sieve, 'my SECRET')).toBe(SIEVE_KEYWORD);
    expect(verdict(sieve, 'x = GHP_abc')).toBe(SIEVE_KEYWORD);
    expect(verdict(sieve, 'toke n')).toBe(0);
  });

  it('flags a multiline rule keyword, also after an ordinary one on the same line', () => {
    expect(verdict(sieve, '-----BEGIN RSA PRIVATE KEY-----')).toBe(SIEVE_KEYWORD | SIEVE_MULTILINE);
    expect(verdict(sieve, 'token then private key')).toBe(SIEVE_KEYWORD | SIEVE_MULTILINE);
  });

  it('flags a name-begun multiline rule keyword as reaching the next lines only, unless a key is also there', () => {
    const named = [['adzuna'], ['private key']];
    const s = lineSieveOf(buildKeywordAutomaton(named), named.length, () => true, (rule) => rule === 0);
    expect(verdict(s, '[INFO] calling the Adzuna API')).toBe(SIEVE_KEYWORD | SIEVE_NEXT_LINES);
    expect(verdict(s, 'adzuna, then a private key')).toBe(SIEVE_KEYWORD | SIEVE_NEXT_LINES | SIEVE_MULTILINE);
  });

  it('lists the rules whose keywords a line holds, once each, in order of appearance', () => {
    verdict(sieve, 'a token, a ghp_ and a secret, then a PRIVATE KEY and another token');
    expect(sieve.rules).toEqual([1, 0, 2]);
    verdict(sieve, 'ghp_x');
    expect(sieve.rules).toEqual([0]);
    // A line's merged list is its own: the next line with one keyword is not given it.
    verdict(sieve, 'just a token');
    expect(sieve.rules).toEqual([1]);
    verdict(sieve, 'token secret token');
    expect(sieve.rules).toEqual([1]);
  });

  it('treats non-ASCII bytes as breaks, as the string prefilter does', () => {
    expect(verdict(sieve, 'sec\u00e9ret')).toBe(0);
    expect(verdict(sieve, '\u00e9\u4e2dtoken\u{1f511}')).toBe(SIEVE_KEYWORD);
  });

  it('returns the first newline and leaves the rest of the buffer alone', () => {
    const bytes = Buffer.from('a token\nnothing\n');
    expect(sieve.line(bytes, 0, bytes.length)).toBe(7);
    expect(sieve.verdict).toBe(SIEVE_KEYWORD);
    expect(sieve.line(bytes, 8, bytes.length)).toBe(15);
    expect(sieve.verdict).toBe(0);
  });

  it('refuses a range without a newline instead of reading past it', () => {
    const bytes = Buffer.from('token without end\nlater');
    expect(() => sieve.line(bytes, 0, 17)).toThrow(/no newline/);
  });

  it('agrees with the string prefilter on every rule keyword, line by line, but for keywords without their tail', () => {
    const rules: Rule[] = buildConfig().rules;
    const detector = createDetector({ rules });
    const prefilter = prefilterOf(buildKeywordAutomaton(rules.map((r) => r.keywords)));
    // Each keyword alone, inside words, upper-cased, cut short by one character, and split
    // by a non-ASCII character; plus noise lines.
    const lines: string[] = [];
    for (const r of rules) {
      for (const k of r.keywords) {
        lines.push(k, `x${k.toUpperCase()}y`, k.slice(0, -1), `${k.slice(0, 1)}\u00e9${k.slice(1)}`, `a = "${k}" // ${r.id}`);
      }
    }
    // Two rules' keywords on one line, either way round, and a keyword repeated.
    for (let i = 1; i < rules.length; i++) {
      const a = rules[i - 1]!.keywords[0]!;
      const b = rules[i]!.keywords.at(-1)!;
      lines.push(`${a} and ${b}`, `${b} ${a} ${b}`);
    }
    for (let i = 0; i < 200; i++) lines.push(Array.from({ length: 40 }, (_, j) => String.fromCharCode(32 + ((i * 31 + j * 17) % 95))).join(''));
    const tails = rules.map(keywordTailOf);
    let kept = 0;
    let dropped = 0;
    for (const line of lines) {
      const found = prefilter.scan(line)[0]?.rules ?? [];
      const expected = found.filter((r) => tails[r] === undefined || holdsTail(line, rules[r]!.keywords, tails[r]!));
      if (expected.length < found.length) dropped++;
      // A keyword that ends where another rule's keyword does is checked against the weakest
      // of their tails, or not at all if one has none: the sieve may keep more, never less.
      const hit = verdict(detector.sieve!, line) !== 0;
      const listed = hit ? detector.sieve!.rules : [];
      // In order of the first occurrence that has its tail, which may come after one that has not.
      expect(listed.filter((r) => expected.includes(r)).sort(), JSON.stringify(line)).toEqual([...expected].sort());
      expect(found, JSON.stringify(line)).toEqual(expect.arrayContaining([...listed]));
      if (hit) kept++;
    }
    expect(dropped).toBeGreaterThan(100);
    expect(kept).toBeGreaterThan(rules.length);
    expect(kept).toBeLessThan(lines.length);
  });

  it("drops a line whose keyword lacks its rule's tail, and keeps one where any occurrence has it", () => {
    const rules: Rule[] = [
      { ...buildConfig().rules[0]!, id: 'prefixed', keywords: ['pat'], regex: /\b(pat[A-Za-z0-9]{14}\.[a-f0-9]{8})/, multiline: undefined },
      { ...buildConfig().rules[0]!, id: 'plain', keywords: ['token'], regex: /token=(\w+)/, multiline: undefined },
    ];
    const s = createDetector({ rules }).sieve!;
    expect(verdict(s, 'const p = path.join(a, b)')).toBe(0);
    expect(verdict(s, 'matchPattern(x)')).toBe(0);
    expect(verdict(s, 'pat')).toBe(0);
    expect(verdict(s, 'x = "patR7kq2ZtWm9XvB4n.0a1b2c3d"')).toBe(SIEVE_KEYWORD);
    // The first occurrence fails, a later one holds.
    expect(verdict(s, 'path = "patR7kq2ZtWm9XvB4n.0a1b2c3d"')).toBe(SIEVE_KEYWORD);
    expect(s.rules).toEqual([0]);
    // A rule without a tail is listed as before, and alone when the other's tail fails.
    expect(verdict(s, 'path token')).toBe(SIEVE_KEYWORD);
    expect(s.rules).toEqual([1]);
    // The tail never runs past the line's newline into the next one.
    const bytes = Buffer.from('pat\nR7kq2ZtWm9XvB4n.0a1b2c3d\n');
    s.line(bytes, 0, bytes.length);
    expect(s.verdict).toBe(0);
  });

  it("drops a line whose keyword is inside a word its rule's guard refuses (etsy in getSymbol), and keeps one at a word's start", () => {
    const rules: Rule[] = [{ ...buildConfig().rules[0]!, id: 'named', keywords: ['etsy'], regex: /(?<![a-z0-9])(?:etsy)[\w.-]{0,30}?key\s*=\s*(\w{24})/i, multiline: undefined }];
    const s = createDetector({ rules }).sieve!;
    expect(verdict(s, 'const t = checker.getSymbolAtLocation(node)')).toBe(0);
    expect(verdict(s, 'const t = checker.GETSYMBOL')).toBe(0);
    expect(verdict(s, 'ETSY_API_KEY = x')).toBe(SIEVE_KEYWORD);
    expect(verdict(s, 'x.etsyKey = y')).toBe(SIEVE_KEYWORD);
    expect(verdict(s, 'é etsy')).toBe(SIEVE_KEYWORD);
    expect(verdict(s, 'getsymbol then etsy_key')).toBe(SIEVE_KEYWORD);
  });

  it("keeps a YAML block key's line for its multiline rule only where nothing follows the key", () => {
    const rules: Rule[] = [{ ...buildConfig().rules[0]!, id: 'block', keywords: ['data:'], multiline: { begin: 'data:' }, regex: /data:[ \t]*\r?\n[ \t]+(\w+)/ }];
    const s = createDetector({ rules }).sieve!;
    expect(verdict(s, 'data:')).toBe(SIEVE_KEYWORD | SIEVE_MULTILINE);
    expect(verdict(s, 'data:  \t\r')).toBe(SIEVE_KEYWORD | SIEVE_MULTILINE);
    expect(verdict(s, '  data: () => ({ open: false }),')).toBe(0);
    expect(verdict(s, 'img.src = "data:image/png;base64,iVBORw0KGgo"')).toBe(0);
  });

  it('keeps every true sample of every rule with a tail, with that rule listed', () => {
    const rules: Rule[] = buildConfig().rules;
    const detector = createDetector({ rules });
    const sieve = detector.sieve!;
    let checked = 0;
    rules.forEach((rule, index) => {
      if (keywordTailOf(rule) === undefined) return;
      for (const sample of rule.truePositives) {
        const bytes = Buffer.from(`${sample}\n`);
        let listed = false;
        for (let at = 0; at < bytes.length; ) {
          const nl = sieve.line(bytes, at, bytes.length);
          if (sieve.verdict !== 0 && sieve.rules.includes(index)) listed = true;
          at = nl + 1;
        }
        expect(listed, `${rule.id}: ${sample}`).toBe(true);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(300);
  });

  it('is absent when a rule has no keywords, since that rule must see every line', () => {
    const rules = buildConfig().rules;
    const bare: Rule = { ...rules[0]!, id: 'no-keywords', keywords: [] };
    expect(createDetector({ rules }).sieve).toBeDefined();
    expect(createDetector({ rules: [...rules, bare] }).sieve).toBeUndefined();
  });
});

/** Whether one of `keywords` occurs in `line` (in any case) with `tail` after it and its `before` byte ahead of it, as bytes. */
function holdsTail(line: string, keywords: readonly string[], tail: KeywordTail): boolean {
  // As the sieve reads it: the line's newline may be a tail's byte.
  const bytes = Buffer.from(`${line}\n`);
  const lower = Buffer.from(`${line.toLowerCase()}\n`);
  for (const k of keywords) {
    for (let at = lower.indexOf(k); at !== -1; at = lower.indexOf(k, at + 1)) {
      const from = at + k.length;
      let ok = at === 0 || tail.before === undefined || tail.before[bytes[at - 1]!] === 1;
      if (tail.min === TO_LINE_END) {
        for (let i = from; bytes[i] !== 10; i++) if (tail.bytes[bytes[i]!] === 0) ok = false;
      } else {
        if (from + tail.min > bytes.length) continue;
        for (let i = from; i < from + tail.min; i++) if (tail.bytes[bytes[i]!] === 0) ok = false;
      }
      if (ok) return true;
    }
  }
  return false;
}
