import type { ScanStats } from '../scan.js';

/** What a report says about the scan itself. */
export interface ReportMeta {
  version: string;
  /** `--dir` root, `--range` argument, `staged`, or the Action's range description. */
  target: string;
  stats?: ScanStats;
}
