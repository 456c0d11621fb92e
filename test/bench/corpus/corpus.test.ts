import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectHaystack } from '../haystack.js';
import { corpusFormats, generateCorpus, type CorpusFile } from './generate.js';
import { scoreFindings, UNLABELLED } from './score.js';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = generateCorpus();

const lineCount = (f: CorpusFile): number => f.text.split('\n').length - (f.text.endsWith('\n') ? 1 : 0);

describe('generateCorpus', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateCorpus(1)).toEqual(corpus);
    const other = generateCorpus(2);
    expect(other.map((f) => f.text)).not.toEqual(corpus.map((f) => f.text));
  });

  it('uses no Math.random', () => {
    for (const name of readdirSync(here).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
      expect(readFileSync(join(here, name), 'utf8'), name).not.toMatch(/Math\.random\s*\(/);
    }
  });

  it('has about 300 files with unique paths and newline-terminated text', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(250);
    expect(new Set(corpus.map((f) => f.path)).size).toBe(corpus.length);
    for (const f of corpus) {
      expect(f.text.endsWith('\n')).toBe(true);
      expect(f.path).not.toMatch(/^\/|\\|\.\./);
    }
  });

  it('puts every label on a line that exists, at most one label per line', () => {
    for (const f of corpus) {
      const n = lineCount(f);
      const seen = new Set<number>();
      for (const l of f.labels) {
        expect(Number.isInteger(l.line), f.path).toBe(true);
        expect(l.line, f.path).toBeGreaterThanOrEqual(1);
        expect(l.line, f.path).toBeLessThanOrEqual(n);
        expect(seen.has(l.line), `${f.path}:${l.line}`).toBe(false);
        seen.add(l.line);
        expect(l.provider.length).toBeGreaterThan(0);
        expect(l.format.length).toBeGreaterThan(0);
      }
    }
  });

  it('labels non-blank lines, and PEM blocks on their BEGIN line', () => {
    for (const f of corpus) {
      const lines = f.text.split('\n');
      for (const l of f.labels) {
        const text = lines[l.line - 1] ?? '';
        expect(text.trim().length, `${f.path}:${l.line}`).toBeGreaterThan(0);
        if (l.format.startsWith('private-key-') && !text.includes('\\n')) expect(text).toContain('-----BEGIN ');
      }
    }
  });

  it('holds at least 1,000 secrets in at least 120 formats and at least 1,000 decoys', () => {
    const labels = corpus.flatMap((f) => f.labels);
    const secrets = labels.filter((l) => l.kind === 'secret').length;
    const decoys = labels.filter((l) => l.kind === 'decoy').length;
    expect(secrets).toBeGreaterThanOrEqual(1000);
    expect(decoys).toBeGreaterThanOrEqual(1000);
    expect(corpusFormats(corpus, 'secret').size).toBeGreaterThanOrEqual(120);
    expect(corpusFormats(corpus, 'decoy').size).toBeGreaterThanOrEqual(30);
    // Every secret format appears several times, so per-format recall means something.
    const perFormat = new Map<string, number>();
    for (const l of labels) if (l.kind === 'secret') perFormat.set(l.format, (perFormat.get(l.format) ?? 0) + 1);
    expect(Math.min(...perFormat.values())).toBeGreaterThanOrEqual(3);
  });

  it('has no well-known live credential shape on a decoy or unlabelled line', () => {
    // Strict shapes of real credentials: a match off a secret line would be a labelling bug.
    const strict = [
      /\bghp_[A-Za-z0-9]{36}\b/,
      /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/,
      /\bAKIA[A-Z2-7]{16}\b/,
      /\bxox[bp]-\d{10,13}-\d{10,13}-[A-Za-z0-9-]{24,}/,
      /\bsk_live_[A-Za-z0-9]{24,}/,
      /\bnpm_[A-Za-z0-9]{36}\b/,
      /\bAIza[A-Za-z0-9_-]{35}\b/,
      /\bglpat-[A-Za-z0-9_-]{20}\b/,
      /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP )?PRIVATE KEY(?: BLOCK)?-----/,
      /hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{24}/,
    ];
    const allowedDocKeys = /AKIA[A-Z0-9]{9}EXAMPLE|AKIAIOSFODNN7EXAMPLE|AKIAI44QH8DHBEXAMPLE|x{10,}|X{10,}|0{10,}/;
    for (const f of corpus) {
      const kinds = new Map(f.labels.map((l) => [l.line, l.kind]));
      f.text.split('\n').forEach((text, i) => {
        if (kinds.get(i + 1) === 'secret') return;
        for (const re of strict) {
          const m = re.exec(text);
          if (m && !allowedDocKeys.test(m[0])) expect.fail(`${f.path}:${i + 1} (${kinds.get(i + 1) ?? 'unlabelled'}) matches ${re}: ${text.slice(0, 120)}`);
        }
      });
    }
  });

  it('never uses the same string as a secret and as a decoy', () => {
    const secretLines = new Set<string>();
    const decoyLines = new Set<string>();
    for (const f of corpus) {
      const lines = f.text.split('\n');
      for (const l of f.labels) (l.kind === 'secret' ? secretLines : decoyLines).add((lines[l.line - 1] ?? '').trim());
    }
    for (const s of secretLines) expect(decoyLines.has(s), s).toBe(false);
  });
});

describe('scoreFindings', () => {
  const tiny: CorpusFile[] = [
    {
      path: 'a/.env',
      text: 'PORT=1\nTOKEN=ghp_x\nPASSWORD=\nKEY=abc\n',
      labels: [
        { line: 2, kind: 'secret', provider: 'github', format: 'github-pat-classic' },
        { line: 3, kind: 'decoy', provider: 'empty', format: 'empty-value' },
        { line: 4, kind: 'secret', provider: 'generic', format: 'generic-api-key' },
      ],
    },
    {
      path: 'b/config.ts',
      text: 'const a = 1;\nconst k = "AKIA...";\n',
      labels: [{ line: 2, kind: 'secret', provider: 'aws', format: 'aws-access-key-id' }],
    },
  ];

  it('counts TP once per line, FP on decoy and unlabelled lines, FN for missed secrets', () => {
    const s = scoreFindings(tiny, [
      { file: 'a/.env', line: 2 },
      { file: 'a/.env', line: 2 }, // a second rule on the same secret line: still one TP
      { file: 'a/.env', line: 3 }, // decoy
      { file: 'a/.env', line: 1 }, // unlabelled
      { file: 'b/config.ts', line: 2 },
      { file: 'c/unknown.txt', line: 9 }, // not in the corpus
    ]);
    expect(s.tp).toBe(2);
    expect(s.fp).toBe(3);
    expect(s.fn).toBe(1);
    expect(s.recall).toBeCloseTo(2 / 3, 10);
    expect(s.precision).toBeCloseTo(2 / 5, 10);
    expect(s.missedByFormat).toEqual({ 'generic-api-key': 1 });
    expect(s.falseByFormat).toEqual({ 'empty-value': 1, [UNLABELLED]: 2 });
  });

  it('handles no findings and a perfect run', () => {
    const none = scoreFindings(tiny, []);
    expect(none).toMatchObject({ tp: 0, fp: 0, fn: 3, recall: 0, precision: 1 });
    expect(none.missedByFormat).toEqual({ 'github-pat-classic': 1, 'generic-api-key': 1, 'aws-access-key-id': 1 });
    const all = scoreFindings(tiny, [
      { file: 'a/.env', line: 2 },
      { file: 'a/.env', line: 4 },
      { file: 'b/config.ts', line: 2 },
    ]);
    expect(all).toMatchObject({ tp: 3, fp: 0, fn: 0, recall: 1, precision: 1, missedByFormat: {}, falseByFormat: {} });
  });

  it('scores the generated corpus: all secret lines → recall 1, precision 1', () => {
    const findings = corpus.flatMap((f) => f.labels.filter((l) => l.kind === 'secret').map((l) => ({ file: f.path, line: l.line })));
    const s = scoreFindings(corpus, findings);
    expect(s.recall).toBe(1);
    expect(s.precision).toBe(1);
  });
});

describe('collectHaystack', () => {
  it('reads text files from node_modules deterministically, within the byte budget', () => {
    const root = join(here, '..', '..', '..');
    const max = 300_000;
    const a = collectHaystack(root, max);
    const b = collectHaystack(root, max);
    expect(a.length).toBeGreaterThan(0);
    expect(a).toEqual(b);
    const bytes = a.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
    expect(bytes).toBeLessThanOrEqual(max);
    for (const f of a) {
      expect(f.file.startsWith('node_modules/')).toBe(true);
      expect(f.file).toMatch(/\.(js|ts|json|md)$/);
      expect(f.text.includes('\u0000')).toBe(false);
    }
  });
});
