// Commits the Action scanned and found clean, one row per (repository, sha). SQL only.
import type { Database } from './sqlite.js';

export interface CleanRun {
  repository: string;
  sha: string;
  reportedBy: string;
  reportedAt: string;
  ref: string | null;
  runUrl: string | null;
}

/** Records a clean run; false when this commit's clean run was recorded before. */
export function insertCleanRun(db: Database, r: CleanRun): boolean {
  return (
    db
      .prepare(
        `INSERT INTO clean_runs (repository, sha, reported_by, reported_at, ref, run_url) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (repository, sha) DO NOTHING`,
      )
      .run(r.repository, r.sha, r.reportedBy, r.reportedAt, r.ref, r.runUrl).changes > 0
  );
}
