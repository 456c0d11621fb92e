import { describe, expect, it } from 'vitest';
import { createDetector } from '../../action/engine/detect.js';
import { isPlaceholder } from '../../action/engine/placeholder.js';
import { buildPrefilter } from '../../action/engine/prefilter.js';
import { defaultRules } from '../../action/engine/rules/index.js';
import type { Rule } from '../../action/engine/types.js';

const PAT = 'ghp_R7kq2ZtWm9XvB4nLc8PpHs3DfJy6Ua1Ge0Qw';
const detector = createDetector({ rules: defaultRules });
const detect = (text: string, extra: object = {}) => detector.detect({ file: 'src/app.ts', text, ...extra });

describe('detect', () => {
  it('reports line and column of the secret itself, using the fragment line map', () => {
    const [f] = detect(`first\n  const t = "${PAT}";`, { lineNumbers: [10, 42] });
    expect(f).toMatchObject({ ruleId: 'github-pat', line: 42, column: 14, endColumn: 54, file: 'src/app.ts' });
  });

  it('keeps the raw value out of every serialisation of a finding', () => {
    const [f] = detect(`t = "${PAT}"`);
    expect(f!.secret).toBe(PAT);
    expect(JSON.stringify(f)).not.toContain(PAT);
    expect(JSON.stringify({ ...f })).not.toContain(PAT);
    expect(Object.keys(f!)).not.toContain('secret');
    expect(f!.redacted).toBe('ghp_…(40 chars)');
  });

  it('matches keywords case-insensitively', () => {
    expect(detect(`T = "${PAT.replace('ghp_', 'GHP_')}"`)).toEqual([]);
    expect(detect(`AWS_KEY=AKIAQX3RB7LMZ2WFYK4D`).map((f) => f.ruleId)).toContain('aws-access-key-id');
  });

  it.each([
    ['secretgate:allow', `t = "${PAT}" // secretgate:allow`],
    ['gitleaks:allow', `t = "${PAT}" # gitleaks:allow`],
    ['pragma: allowlist secret', `t = "${PAT}"  # pragma: allowlist secret`],
  ])('honours an inline %s marker', (_name, text) => {
    expect(detect(text)).toEqual([]);
  });

  it('prefers the provider rule over a generic rule for the same value', () => {
    const found = detect(`api_token = "${PAT}"`);
    expect(found.map((f) => f.ruleId)).toEqual(['github-pat']);
  });

  it('finds a private key that spans lines, and reports its first line', () => {
    const key = defaultRules.find((r) => r.id === 'private-key')!.truePositives[0]!;
    const found = detect(`config:\n${key}\nend`, { startLine: 5 });
    expect(found.map((f) => [f.ruleId, f.line])).toEqual([['private-key', 6]]);
  });

  it('runs a rule without keywords over the whole text', () => {
    const rule: Rule = { id: 'any', description: 'd', severity: 'low', keywords: [], regex: /\b(zz[0-9a-f]{12})\b/, truePositives: [], falsePositives: [] };
    const d = createDetector({ rules: [rule] });
    expect(d.detect({ file: 'f', text: 'a\nb zz7f3a9c1e5b2d c' }).map((f) => [f.line, f.column])).toEqual([[2, 3]]);
  });

  it('applies a rule only to the files its path takes and its allowlist does not exempt', () => {
    const base = { description: 'd', severity: 'low' as const, keywords: ['zz'], truePositives: [], falsePositives: [] };
    const rules: Rule[] = [
      { ...base, id: 'env-only', regex: /\b(zz[0-9a-f]{12})\b/, path: /\.env$/ },
      { ...base, id: 'not-in-tests', regex: /\b(zz[0-9a-f]{12})\b/, allowPaths: [/^test\//] },
    ];
    const d = createDetector({ rules });
    const ids = (file: string) => d.detect({ file, text: 'k = zz7f3a9c1e5b2d' }).map((f) => f.ruleId).sort();
    expect(ids('app/.env')).toEqual(['env-only']);
    expect(ids('app/main.ts')).toEqual(['not-in-tests']);
    expect(ids('test/.env')).toEqual(['env-only']);
    expect(ids('test/main.ts')).toEqual([]);
  });

  it('drops matches in allowlisted paths and with allowlisted stopwords', () => {
    const d = createDetector({
      rules: defaultRules,
      allowlist: { paths: [/^fixtures\//], regexes: [/^ghp_R7/], regexTarget: 'secret', stopwords: [] },
    });
    expect(d.detect({ file: 'fixtures/a', text: `t = "${PAT}"` })).toEqual([]);
    expect(d.detect({ file: 'src/a', text: `t = "${PAT}"` })).toEqual([]);
    expect(d.detect({ file: 'src/a', text: `t = "${PAT.replace('R7', 'Q8')}"` }).length).toBe(1);
  });
});

describe('isPlaceholder', () => {
  it.each(['AKIAIOSFODNN7EXAMPLE', 'xxxxxxxxxxxxxxxx', '<your-token>', '${API_KEY}', '{{ .Values.key }}', 'ghp_000000000000000000000000000000000000', 'abcdefghijklmnop', '1234567890123456', '1a2b3c4d', 'x9Ka1b2c3d4e5f6gQ', 'your_api_key_here', 'process.env.TOKEN', '********'])(
    'treats %s as a placeholder',
    (value) => expect(isPlaceholder(value)).toBe(true),
  );
  it.each([PAT, 'q7Z!vR2m#pLx9Tw', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'])('treats %s as real', (value) => expect(isPlaceholder(value)).toBe(false));
});

describe('prefilter', () => {
  it('reports each line holding a keyword with the rules it selects', () => {
    const p = buildPrefilter([['ghp_'], ['secret', 'token'], ['ghp_x']]);
    const hits = p.scan('nothing here\nmy SECRET and ghp_xyz\n\ttoken');
    expect(hits.map((h) => [h.lineIndex, [...h.rules].sort()])).toEqual([
      [1, [0, 1, 2]],
      [2, [1]],
    ]);
    expect(hits[0]).toMatchObject({ lineStart: 13, lineEnd: 34 });
  });
});
