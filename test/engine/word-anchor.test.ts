// A rule with an `anchor` is tried only at the starts of words holding one of its names; that
// must find exactly what a search at every position finds.
import { describe, expect, it } from 'vitest';
import { buildConfig } from '../../action/engine/config.js';
import { compileRuleRegex } from '../../action/engine/detect.js';
import type { Rule } from '../../action/engine/types.js';
import { forEachAnchoredMatch, nameFinder, type NameFinder } from '../../action/engine/word-anchor.js';
import { generateCorpus } from '../bench/corpus/generate.js';
import { collectHaystack } from '../bench/haystack.js';

const rules = buildConfig().rules;
const anchored = rules.filter((r) => r.anchor);

function everywhere(regex: RegExp, line: string): string[] {
  const out: string[] = [];
  regex.lastIndex = 0;
  for (let m = regex.exec(line); m; m = regex.exec(line)) {
    if (m[0].length === 0) regex.lastIndex++;
    else out.push(JSON.stringify([m.index, ...m]));
  }
  return out;
}

function atAnchors(regex: RegExp, rule: Rule, findNames: NameFinder, line: string): string[] {
  const out: string[] = [];
  const sticky = new RegExp(regex.source, `${regex.flags.replace('g', '')}y`);
  forEachAnchoredMatch(line, findNames, rule.anchor!.starts, sticky, (m) => out.push(JSON.stringify([m.index, ...m])));
  return out;
}

describe('word-anchored rules', () => {
  it('exist (the generic context rules)', () => {
    expect(anchored.map((r) => r.id).sort()).toEqual(['generic-secret-assignment', 'generic-secret-in-prose']);
  });

  it('find the same matches as a search at every position', () => {
    const lines = [
      ...rules.flatMap((r) => [...r.truePositives, ...r.falsePositives]).flatMap((s) => s.split('\n')),
      ...generateCorpus(1).flatMap((f) => f.text.split('\n')),
      ...collectHaystack(new URL('../..', import.meta.url).pathname, 3 * 1024 * 1024).flatMap((f) => f.text.split('\n')),
      `password="Zr8Kq2Lm5Vx7Bn3H" token="Hx7Qp2Lm9Vz4Kc8N" secret = 'd8G#kq2!Lm5vX7bN'`,
      `x.${'a'.repeat(45)}_password = "Zr8Kq2Lm5Vx7Bn3H"; ${'b'.repeat(39)}_token: "Hx7Qp2Lm9Vz4Kc8N"`,
      `passwordtoken_secret = "Zr8Kq2Lm5Vx7Bn3H"`,
      `a-b.c_API.KEY=('Zr8Kq2Lm5Vx7Bn3H') db_password_file = "Hx7Qp2Lm9Vz4Kc8N"`,
      `set("token", "Zr8Kq2Lm5Vx7Bn3H"), set('password','Hx7Qp2Lm9Vz4Kc8N')`,
      `export   DB_PASSWORD=Vq3xL9mZ2kR7wT5p`,
      `xexport PASSWORD=Vq3xL9mZ2kR7wT5p # note`,
      `a;b_token=Vq3xL9mZ2kR7wT5pQ\tc`,
      `\tclient_secret:   4fQ9zL2mX7vK1pR8tW3n`,
      `PASSWORD=Vq3xL9mZ2kR7wT5p`,
      `# my old shiny api key was BnBBENOGgWbhaA1leuYWvVtxI70zT1GS23fyLsM0UC and token: xtpOe6qrKTHIdC4FLpod3PRY`,
      `see the averyveryverylongwordhere api key (STzcB01g-CEG7KgoA3XK)`,
      `apikey was STzcB01g-CEG7KgoA3XK; the patoken is STzcB01g-CEG7KgoA3XKz; Key Base: 7a8d3d9a3cb122cbf1962e2e`,
      `old  api key was BnBBENOGgWbhaA1leuYWvVtxI70zT1GS23fyLsM0UC`,
    ];
    for (const rule of anchored) {
      const regex = compileRuleRegex(rule);
      const findNames = nameFinder(rule.anchor!.names);
      let matched = 0;
      for (const line of lines) {
        const expected = everywhere(regex, line);
        matched += expected.length;
        expect(atAnchors(regex, rule, findNames, line), `${rule.id}: ${line.slice(0, 200)}`).toEqual(expected);
      }
      // Each rule matched often enough for the comparison to mean something.
      expect(matched, rule.id).toBeGreaterThan(30);
    }
  });

  it('find every start of every name, in any case, overlapping ones too', () => {
    const names = ['api key', 'apikey', 'key', 'pat', 'token'];
    const at = (line: string) => {
      const out: number[] = [];
      nameFinder(names)(line, (_, i) => out.push(i));
      return out.sort((a, b) => a - b);
    };
    expect(at('APIKEY and Api Key')).toEqual([0, 3, 11, 15]);
    expect(at('patoken')).toEqual([0, 2]);
    expect(at('k\u00e9y, to\u212aen, pat\u00e9')).toEqual([12]);
    expect(at('')).toEqual([]);
  });
});
