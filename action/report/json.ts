import type { Finding } from '../engine/types.js';
import { toRecord, type FindingRecord } from './finding-record.js';
import type { ReportMeta } from './meta.js';

export interface JsonReport {
  tool: 'secretgate';
  version: string;
  target: string;
  findings: FindingRecord[];
  stats?: ReportMeta['stats'];
}

export function toJsonReport(findings: readonly Finding[], meta: ReportMeta): JsonReport {
  const report: JsonReport = { tool: 'secretgate', version: meta.version, target: meta.target, findings: findings.map(toRecord) };
  if (meta.stats) report.stats = meta.stats;
  return report;
}

export function formatJson(findings: readonly Finding[], meta: ReportMeta): string {
  return `${JSON.stringify(toJsonReport(findings, meta), null, 2)}\n`;
}
