// A rule's lineCheck may skip a line only where its regex cannot match: on every line that
// the regex matches, the check must pass. And it must be worth having: it turns away most
// of the real lines that reach it.
import { describe, expect, it } from 'vitest';
import { buildConfig } from '../../action/engine/config.js';
import { compileRuleRegex } from '../../action/engine/detect.js';
import { endsInValue, holdsInOrder } from '../../action/engine/line-check.js';
import { generateCorpus } from '../bench/corpus/generate.js';
import { collectHaystack } from '../bench/haystack.js';

const rules = buildConfig().rules;
const checked = rules.filter((r) => r.lineCheck);

const lines = [
  ...rules.flatMap((r) => [...r.truePositives, ...r.falsePositives]).flatMap((s) => s.split('\n')),
  ...generateCorpus(1).flatMap((f) => f.text.split('\n')),
  ...generateCorpus(42).flatMap((f) => f.text.split('\n')),
  ...collectHaystack(new URL('../..', import.meta.url).pathname, 3 * 1024 * 1024).flatMap((f) => f.text.split('\n')),
  // Values before comments, trailing spaces of every kind, values that hold `#`.
  'DB_PASSWORD=Vq3xL9mZ2kR7wT5p # rotated',
  'DB_PASSWORD=Vq3xL9mZ2kR7wT5p#no space',
  'DB_PASSWORD=Vq3xL9mZ2kR7#wT5p',
  'DB_PASSWORD=Vq3xL9mZ2kR7wT5p \t\u00a0\u3000\ufeff',
  'DB_PASSWORD=Vq3xL9mZ2kR7wT5p\r',
  'token: aB3dE5gH7jK9 ## two # marks',
  'secret=aB3dE5gH7jK9',
  'secret=aB3dE5gH7jK',
  'postgres://app:Zr8Kq2Lm5Vx7@db.internal:5432/app',
  'see https://user:Zr8Kq2Lm5Vx7@git.example.org/x.git',
  '<db_password>Zr8Kq2Lm5Vx7Bn3H</db_password>',
];

function matches(regex: RegExp, line: string): boolean {
  regex.lastIndex = 0;
  return regex.exec(line) !== null;
}

describe('line checks', () => {
  it('are on the rules that gain most from one', () => {
    expect(checked.map((r) => r.id).sort()).toEqual([
      'database-uri-password',
      'generic-secret-unquoted',
      'generic-secret-xml',
      'generic-secret-xml-braced',
      'url-embedded-credentials',
    ]);
    expect(checked.every((r) => !r.multiline)).toBe(true);
  });

  it('pass every line their rule regex matches', () => {
    for (const rule of checked) {
      const regex = compileRuleRegex(rule);
      let matched = 0;
      for (const line of lines) {
        if (!matches(regex, line)) continue;
        matched++;
        expect(rule.lineCheck!(line), `${rule.id}: ${line.slice(0, 200)}`).toBe(true);
      }
      // Enough matches for the comparison to mean something.
      expect(matched, rule.id).toBeGreaterThan(5);
    }
  });

  it('turn away most real lines that hold the rule’s keywords', () => {
    const haystack = collectHaystack(new URL('../..', import.meta.url).pathname, 3 * 1024 * 1024).flatMap((f) => f.text.split('\n'));
    let measured = 0;
    for (const rule of checked) {
      const withKeyword = haystack.filter((l) => rule.keywords.some((k) => l.toLowerCase().includes(k)));
      // Database URLs are too rare in node_modules to say much.
      if (withKeyword.length < 20) continue;
      measured++;
      const passed = withKeyword.filter((l) => rule.lineCheck!(l)).length;
      expect(passed / withKeyword.length, rule.id).toBeLessThan(0.5);
    }
    expect(measured).toBeGreaterThanOrEqual(3);
  });

  it('endsInValue reads the end of the line, or just before a comment', () => {
    const check = endsInValue('abc', 3);
    expect(check('x = abc')).toBe(true);
    expect(check('x = abc  \t')).toBe(true);
    expect(check('x = abc # note')).toBe(true);
    expect(check('x = abc#')).toBe(true);
    expect(check('x = ab')).toBe(false);
    expect(check('x = abc;')).toBe(false);
    expect(check('x = abd # note')).toBe(false);
    expect(check('abc')).toBe(true);
    expect(check('')).toBe(false);
    expect(check('ab\u00e9')).toBe(false);
  });

  it('holdsInOrder wants each part after the one before', () => {
    const check = holdsInOrder('://', '@');
    expect(check('https://u:p@h')).toBe(true);
    expect(check('mail me@x then https://h')).toBe(false);
    expect(check('https://h')).toBe(false);
  });
});
