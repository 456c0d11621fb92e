// Every rule proves itself: it catches its own samples and stays quiet on its decoys.
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../action/engine/detect.js';
import { defaultRules } from '../../action/engine/rules/index.js';
import type { Rule } from '../../action/engine/types.js';

function findingsOf(rule: Rule, text: string) {
  return createDetector({ rules: [rule] })
    .detect({ file: 'sample.txt', text })
    .filter((f) => f.ruleId === rule.id);
}

describe('rule catalogue', () => {
  it('has unique kebab-case ids', () => {
    const ids = defaultRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('gives every rule keywords, samples and decoys', () => {
    for (const rule of defaultRules) {
      expect(rule.keywords.length, rule.id).toBeGreaterThan(0);
      for (const k of rule.keywords) expect(k, rule.id).toBe(k.toLowerCase());
      expect(rule.truePositives.length, rule.id).toBeGreaterThan(0);
      expect(rule.falsePositives.length, rule.id).toBeGreaterThan(0);
    }
  });
});

describe.each(defaultRules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  it.each(rule.truePositives.map((s, i) => [i, s] as const))('catches true positive #%i', (_i, sample) => {
    const found = findingsOf(rule, sample);
    expect(found.length).toBeGreaterThan(0);
    // The reported value is the secret, not the whole line around it.
    for (const f of found) expect(sample).toContain(f.secret);
  });
  it.each(rule.falsePositives.map((s, i) => [i, s] as const))('ignores false positive #%i', (_i, sample) => {
    expect(findingsOf(rule, sample).map((f) => f.redacted)).toEqual([]);
  });
});

describe('the full rule set', () => {
  const detector = createDetector({ rules: defaultRules });
  it('reports something for every true positive', () => {
    const missed = defaultRules.flatMap((rule) =>
      rule.truePositives.filter((s) => detector.detect({ file: 'sample.txt', text: s }).length === 0).map(() => rule.id),
    );
    expect(missed).toEqual([]);
  });
});
