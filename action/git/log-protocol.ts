// Messages between a range scan and its git worker (log-worker.ts).
import type { Fragment } from '../engine/types.js';
import type { DiffStats, SkippedFile } from './diff-parser.js';

export interface WorkerRequest {
  cwd: string;
  /** git arguments after the runner's own fixed options. */
  args: string[];
  maxFileBytes: number;
  /** Unscanned characters at which the worker stops reading git. */
  highWaterChars: number;
}

export type WorkerMessage =
  | { kind: 'fragment'; fragment: Fragment }
  | { kind: 'skip'; skipped: SkippedFile }
  | { kind: 'end'; stats: DiffStats }
  | { kind: 'error'; message: string; args: string[]; exitCode: number | null; stderr: string };
