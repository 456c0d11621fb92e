// Builds the body of POST /api/v1/reviews from the findings and the run. Fields are picked
// one by one: a RawFinding's secret must never be serialised, even by accident.
import type { CreateReviewRequest, FindingPayload } from '../shared/contract.js';
import type { Finding } from './engine/types.js';
import type { Settings } from './inputs.js';
import type { ScanRange } from './range.js';

export function toFindingPayload(f: Finding): FindingPayload {
  return {
    ruleId: f.ruleId,
    description: f.description,
    severity: f.severity,
    file: f.file,
    line: f.line,
    ...(f.commit ? { commit: f.commit } : {}),
    ...(f.author ? { author: f.author } : {}),
    ...(f.email ? { authorEmail: f.email } : {}),
    redacted: f.redacted,
    fingerprint: f.fingerprint,
    ...(f.provider ? { provider: f.provider } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.allowedInline ? { allowedInline: true } : {}),
    ...(f.legacyFingerprint ? { legacyFingerprint: f.legacyFingerprint } : {}),
  };
}

export function buildReviewRequest(settings: Settings, range: ScanRange, findings: readonly Finding[]): CreateReviewRequest {
  const { runner } = settings;
  const commits = [...new Set(findings.map((f) => f.commit).filter((c): c is string => !!c))];
  // The step within the job: two secretgate steps in one job are two reviews. Jobs of one
  // matrix share job and step IDs, and so share one review of the same commits.
  const step = [runner.job, runner.step].filter(Boolean).join('-');
  return {
    // A retry of this request finds the same review; a re-run (next attempt) opens a new one,
    // which the server answers at once when every fingerprint was decided before.
    idempotencyKey: `${runner.runId}-${runner.runAttempt}${step ? `-${step}` : ''}`,
    repository: runner.repository,
    ref: runner.payload.pull_request ? `refs/heads/${runner.payload.pull_request.head.ref}` : runner.payload.ref ?? runner.ref,
    headSha: range.head,
    ...(range.base ? { baseSha: range.base } : {}),
    commits,
    ...(runner.payload.pull_request ? { pullRequest: runner.payload.pull_request.number } : {}),
    ...(runner.runUrl ? { runUrl: runner.runUrl } : {}),
    ...(runner.actor ? { actor: runner.actor } : {}),
    timeoutSeconds: settings.timeoutSeconds,
    findings: findings.map(toFindingPayload),
  };
}
