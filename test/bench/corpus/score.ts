// Scores a detector's findings against the labelled corpus.
import type { CorpusFile } from './types.js';

export interface ScoredFinding {
  file: string;
  line: number;
}

export interface Score {
  /** Labelled secret lines with at least one finding. */
  tp: number;
  /** Distinct lines with a finding that are not labelled secret (decoy lines, unlabelled lines, unknown files). */
  fp: number;
  /** Labelled secret lines with no finding. */
  fn: number;
  /** tp / (tp + fn); 1 when the corpus holds no secret. */
  recall: number;
  /** tp / (tp + fp); 1 when nothing was reported. */
  precision: number;
  /** Missed secret lines by the label's format. */
  missedByFormat: Record<string, number>;
  /** False-positive lines by the decoy's format; `(unlabelled)` for lines with no label. */
  falseByFormat: Record<string, number>;
}

export const UNLABELLED = '(unlabelled)';

/**
 * Findings are counted per distinct (file, line): several findings on one line count once,
 * whether the line holds a secret (one TP) or not (one FP).
 */
export function scoreFindings(corpus: CorpusFile[], findings: ScoredFinding[]): Score {
  const labels = new Map<string, Map<number, { kind: string; format: string }>>();
  for (const f of corpus) {
    const byLine = new Map<number, { kind: string; format: string }>();
    for (const l of f.labels) byLine.set(l.line, { kind: l.kind, format: l.format });
    labels.set(f.path, byLine);
  }

  const reported = new Set<string>();
  let tp = 0;
  let fp = 0;
  const falseByFormat: Record<string, number> = {};
  for (const finding of findings) {
    const key = `${finding.file}\u0000${finding.line}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const label = labels.get(finding.file)?.get(finding.line);
    if (label?.kind === 'secret') {
      tp++;
    } else {
      fp++;
      const fmt = label ? label.format : UNLABELLED;
      falseByFormat[fmt] = (falseByFormat[fmt] ?? 0) + 1;
    }
  }

  let fn = 0;
  const missedByFormat: Record<string, number> = {};
  for (const f of corpus) {
    for (const l of f.labels) {
      if (l.kind !== 'secret') continue;
      if (reported.has(`${f.path}\u0000${l.line}`)) continue;
      fn++;
      missedByFormat[l.format] = (missedByFormat[l.format] ?? 0) + 1;
    }
  }

  return {
    tp,
    fp,
    fn,
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    missedByFormat,
    falseByFormat,
  };
}
