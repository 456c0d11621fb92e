// Text written to stall the scan must not: no rule and no engine step does more than linear
// work in the size of a line or fragment. Timings are for `npm run bench:adversarial`; these
// tests check the structure that makes the work linear (how often, and on how much text, a
// rule's regex runs; how far a name's start is looked for), and that long lines cut into
// windows still give every finding, once, at its place.
import { describe, expect, it } from 'vitest';
import { buildConfig } from '../../action/engine/config.js';
import { compileRuleRegex, createDetector } from '../../action/engine/detect.js';
import { MULTILINE_REACH, NAME_REACH } from '../../action/engine/line-sieve.js';
import { WINDOW_AHEAD, WINDOW_BEHIND, WINDOW_CORE } from '../../action/engine/line-windows.js';
import type { Rule } from '../../action/engine/types.js';
import { forEachAnchoredMatch, nameFinder, type Anchor } from '../../action/engine/word-anchor.js';

const rules = buildConfig().rules;
const rule = (id: string) => rules.find((r) => r.id === id)!;
const detector = createDetector({ rules });
const detect = (text: string) => detector.detect({ file: 'src/app.txt', text });

const PAT = 'ghp_R7kq2ZtWm9XvB4nLc8PpHs3DfJy6Ua1Ge0Qw';
const BODY = 'MIIEpAIBAAKCAQEApTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa/2o76umfXfKm\nr5kJP1VrT+1FJors/6ILi8IHn5kxsC7tVO/HbkQfyy/KV5zjR3j1twdTKWTddB+XhkAS1voQG6yy\n';

/** Each `exec` a regex with one of `sources` makes while `run` runs: the most text it could read. */
function execSpans(sources: Set<string>, run: () => void): number[] {
  const original = RegExp.prototype.exec;
  const spans: number[] = [];
  RegExp.prototype.exec = function (this: RegExp, input: string) {
    if (sources.has(this.source)) spans.push(input.length - (this.global || this.sticky ? this.lastIndex : 0));
    return original.call(this, input);
  };
  try {
    run();
  } finally {
    RegExp.prototype.exec = original;
  }
  return spans;
}

/** How many times `run` calls `test` on a regex whose source holds `part`. */
function testCalls(part: string, run: () => void): number {
  const original = RegExp.prototype.test;
  let calls = 0;
  RegExp.prototype.test = function (this: RegExp, input: string) {
    if (this.source.includes(part)) calls++;
    return original.call(this, input);
  };
  try {
    run();
  } finally {
    RegExp.prototype.test = original;
  }
  return calls;
}

const BEGINS: [string, string][] = [
  ...['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PGP PRIVATE KEY BLOCK'].map(
    (kind): [string, string] => ['private-key', `-----BEGIN ${kind}-----\n`],
  ),
  ['ssh2-encrypted-private-key', '---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "k"\n'],
  ['putty-private-key', 'PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 2\n'],
  ['generic-secret-xml-block', '<db.password>\n'],
  ['generic-secret-heredoc', '  db_password = <<EOF\n'],
];

describe('multiline rules', () => {
  it('all say what their matches begin with', () => {
    const multiline = rules.filter((r) => r.multiline);
    // Besides keys, the provider-context rules: their matches begin with the provider's name.
    const byName = multiline.filter((r) => r.multiline!.asName);
    expect(byName.length).toBeGreaterThan(100);
    expect(multiline.filter((r) => !byName.includes(r)).map((r) => r.id).sort()).toEqual(['curl-user-password-continued', 'generic-secret-heredoc', 'generic-secret-xml-block', 'kubernetes-secret-data', 'kubernetes-secret-data-first', 'private-key', 'putty-private-key', 'ssh2-encrypted-private-key']);
    for (const r of multiline) {
      const begin = r.multiline!.asName ? r.multiline!.begin.toLowerCase() : r.multiline!.begin;
      for (const sample of r.truePositives) {
        const m = compileRuleRegex(r).exec(sample);
        const start = r.multiline!.asName ? m?.[0].toLowerCase() : m?.[0];
        expect(start?.startsWith(begin), `${r.id}: ${sample.slice(0, 40)}`).toBe(true);
      }
    }
  });

  it('provider-context: runs once per name, on no more than the text up to the next name', () => {
    const block = '[INFO] calling the Adzuna API\n  app_key = k4q9zt2mx7vb3rn8wp5hy1cj6dl0fs2g\n';
    const blocks = 300;
    const source = new Set([rule('adzuna-api-key').regex.source]);
    let found = 0;
    const spans = execSpans(source, () => (found = detect(block.repeat(blocks)).length));
    expect(spans.length).toBe(blocks);
    expect(Math.max(...spans)).toBeLessThanOrEqual(block.length);
    expect(found).toBe(blocks);
  });

  it.each(BEGINS)('%s: runs once per BEGIN, on no more than the text up to the next BEGIN (%j)', (id, begin) => {
    const block = `${begin}${BODY}`;
    const blocks = 300;
    const source = new Set([rule(id).regex.source]);
    for (const text of [block.repeat(blocks), block.repeat(blocks).replace(/\n/g, '\\n')]) {
      let found = 0;
      const spans = execSpans(source, () => (found = detect(text).length));
      expect(spans.length).toBe(blocks);
      expect(Math.max(...spans)).toBeLessThanOrEqual(block.length + BODY.length);
      // (PuTTY keys need no END: each of these blocks is one.)
      expect(found).toBeLessThanOrEqual(blocks);
    }
  });

  it('reads no further than its reach past the BEGIN line when no BEGIN follows', () => {
    const text = `-----BEGIN RSA PRIVATE KEY-----\n${BODY.repeat(3000)}`;
    const spans = execSpans(new Set([rule('private-key').regex.source]), () => detect(text));
    expect(spans).toHaveLength(1);
    expect(spans[0]).toBeLessThanOrEqual('-----BEGIN RSA PRIVATE KEY-----\n'.length + MULTILINE_REACH);
  });

  it('provider-context: reads no further than NAME_REACH past the name\'s line when no name follows', () => {
    const text = `[INFO] calling the Adzuna API\n${'  app_region = gb\n'.repeat(3000)}`;
    const spans = execSpans(new Set([rule('adzuna-api-key').regex.source]), () => expect(detect(text)).toEqual([]));
    expect(spans).toHaveLength(1);
    expect(spans[0]).toBeLessThanOrEqual('[INFO] calling the Adzuna API\n'.length + NAME_REACH);
  });

  it('still finds each key of a run, each once, BEGINs without an END between them', () => {
    const keys = rule('private-key').truePositives.filter((k) => k.startsWith('-----BEGIN'));
    const lines = keys.flatMap((k) => ['-----BEGIN RSA PRIVATE KEY-----', 'c3R1Yg==', k]);
    const found = detect(lines.join('\n'));
    expect(found.map((f) => f.ruleId)).toEqual(keys.map(() => 'private-key'));
    expect(found.map((f) => f.secret)).toEqual(keys);
    // The same keys, newlines escaped, as one line of JSON.
    const oneLine = detect(JSON.stringify(lines.join('\n')));
    expect(oneLine.map((f) => f.secret.replace(/\\n/g, '\n'))).toEqual(keys);
  });
});

describe('word-anchored rules', () => {
  /** A string that counts the characters read from it. */
  function counting(text: string): { line: string; reads: () => number } {
    let reads = 0;
    const line = { length: text.length, charCodeAt: (i: number) => (reads++, text.charCodeAt(i)) } as unknown as string;
    return { line, reads: () => reads };
  }

  it.each([
    ['generic-secret-assignment', 'password', 'password', 1],
    ['generic-secret-assignment', 'client_secret', 'client_secret', 1],
    ['generic-secret-in-prose', 'a thousand-letter word and " key"', 'a'.repeat(997) + ' key', 4],
    ['generic-secret-in-prose', 'tokenkey token key ', 'tokenkey token key ', 4],
  ])('%s: give a bounded number of starts, each found in bounded reading, per name in %s repeated', (id, _label, unit, perName) => {
    const anchor = rule(id).anchor!;
    const text = unit.repeat(Math.ceil(20_000 / unit.length));
    const { line, reads } = counting(text);
    let names = 0;
    let starts = 0;
    nameFinder(anchor.names)(text, (_l, at) => {
      names++;
      anchor.starts(line, at, () => starts++);
    });
    expect(names).toBeGreaterThan(0);
    expect(starts).toBeLessThanOrEqual(perName * names);
    expect(reads()).toBeLessThanOrEqual(70 * names);
  });

  it('find the same matches whatever order the starts come in', () => {
    const r = rule('generic-secret-assignment');
    const regex = compileRuleRegex(r);
    const sticky = new RegExp(regex.source, `${regex.flags.replace('g', '')}y`);
    const findNames = nameFinder(r.anchor!.names);
    const line = Array.from({ length: 400 }, (_, i) => `x${i}_password = "Zr8Kq2Lm5Vx7Bn3H${i}"; token_${i}: 'Hx7Qp2Lm9Vz4Kc8N'`).join(' ');
    const run = (starts: Anchor['starts']) => {
      const out: string[] = [];
      forEachAnchoredMatch(line, findNames, starts, sticky, (m) => out.push(`${m.index}:${m[0]}`));
      return out;
    };
    const inOrder = run(r.anchor!.starts);
    // The same starts, handed over last first.
    const all: number[] = [];
    findNames(line, (l, at) => r.anchor!.starts(l, at, (s) => all.push(s)));
    let next = all.length;
    const backwards = run((_l, _at, add) => add(all[--next]!));
    expect(inOrder).toHaveLength(800);
    expect(backwards).toEqual(inOrder);
  });
});

describe('long lines', () => {
  const JWT = rule('jwt').truePositives[0]!.split(' ').pop()!;
  const ASSIGNMENT = 'DB_PASSWORD = "q7Z!vR2m#pLx9Tw"';
  const FILLER = 'x = f(a, b); ';

  /** A line of `length` characters of filler with ` snippet ` put at each of `at`. */
  function lineWith(length: number, placed: { at: number; snippet: string }[]): string {
    let line = FILLER.repeat(Math.ceil(length / FILLER.length)).slice(0, length);
    for (const { at, snippet } of placed) line = `${line.slice(0, at)} ${snippet} ${line.slice(at + snippet.length + 2)}`;
    return line.slice(0, length);
  }

  it.each([
    ['github-pat', PAT],
    ['generic-secret-assignment', ASSIGNMENT],
    ['jwt', JWT],
  ])('%s: found anywhere on a 2 MB line, at window boundaries too, once each, at its column', (id, snippet) => {
    const [alone] = detect(` ${snippet} `);
    expect(alone?.ruleId).toBe(id);
    const offset = alone!.column - 2; // where the value starts within the snippet
    const length = 2 * 1024 * 1024;
    // Where values start: near the line's start; straddling a core's end; on a core's last
    // character; on the next core's first; in the next window's look-behind; mid-line; at the end.
    const W = WINDOW_CORE;
    const starts = [3 + offset, W - 10, 2 * W - 1, 3 * W, 5 * W - WINDOW_BEHIND + 5, 37 * W - 10, length / 2 + 7, length - snippet.length - 2 + offset];
    const line = lineWith(length, starts.map((start) => ({ at: start - 1 - offset, snippet })));
    expect(line).toHaveLength(length);
    const found = detect(line);
    expect(found.map((f) => [f.ruleId, f.line, f.column])).toEqual(starts.map((start) => [id, 1, start + 1]));
    expect(found.every((f) => f.secret === alone!.secret)).toBe(true);
  });

  it('finds a bare value that ends a long line, and no bare value inside it', () => {
    const line = `${lineWith(300_000, [{ at: 50_000, snippet: 'token=Vq3xL9mZ2kR7wT5p' }])}; DATABASE_PASSWORD=Vq3xL9mZ2kR7wT5p`;
    expect(detect(line).map((f) => [f.ruleId, f.column])).toEqual([['generic-secret-unquoted', line.length - 15]]);
  });

  it('run no line-bound rule on more than one window of the line', () => {
    const sources = new Set(rules.filter((r) => !r.multiline).map((r) => compileRuleRegex(r).source));
    const line = lineWith(2 * 1024 * 1024, [0, 1, 2, 3].map((k) => ({ at: k * 500_000 + 11, snippet: `${ASSIGNMENT} ${PAT} ${JWT}` })));
    const spans = execSpans(sources, () => expect(detect(line)).toHaveLength(12));
    expect(spans.length).toBeGreaterThan(0);
    expect(Math.max(...spans)).toBeLessThanOrEqual(WINDOW_BEHIND + WINDOW_CORE + WINDOW_AHEAD);
  });
});

describe('line-wide checks', () => {
  it('read a line once however many findings it holds', () => {
    const line = Array.from({ length: 500 }, (_, i) => `t${i} = "${PAT.slice(0, -3)}${String(i).padStart(3, '0')}"`).join('; ');
    let found = 0;
    expect(testCalls('gitleaks:allow', () => (found = detect(line).length))).toBe(1);
    expect(found).toBe(500);
  });

  it('test a configured line allowlist once per line', () => {
    const own: Rule = { ...rule('github-pat'), allowLine: [/never-on-this-line/] };
    const d = createDetector({ rules: [own] });
    const line = Array.from({ length: 500 }, (_, i) => `${PAT.slice(0, -3)}${String(i).padStart(3, '0')}`).join(' ');
    let found = 0;
    expect(testCalls('never-on-this-line', () => (found = d.detect({ file: 'f', text: line }).length))).toBe(1);
    expect(found).toBe(500);
  });
});
