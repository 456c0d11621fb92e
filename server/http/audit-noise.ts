// Writes an audit event for traffic anyone can repeat at will (unauthenticated requests, and
// refusals of signed-in or Slack-verified people who may not do what they asked) through the
// throttle (when the server has one), together with any count of events the throttle held
// back before it.
import type { AppDeps } from './deps.js';
import type { ThrottleSummary } from './audit-throttle.js';
import { appendAudit, type AuditInput } from '../store/audit.js';

/** The throttle's answer for one event: write it or not, and an earlier window's count to write first. */
export interface Admitted {
  write: boolean;
  summary?: ThrottleSummary;
}

/** Asks the throttle about one event of `kind`; write it with writeNoise inside the caller's transaction. */
export function admitNoise(deps: AppDeps, kind: string): Admitted {
  return deps.auditThrottle?.admit(kind) ?? { write: true };
}

/** Writes what admitNoise admitted. Call inside a transaction. */
export function writeNoise(deps: AppDeps, input: AuditInput, admitted: Admitted): void {
  if (admitted.summary) writeHeldBack(deps, admitted.summary);
  if (admitted.write) appendAudit(deps.db, input, deps.now());
}

/** The count of an earlier window's held-back events, as one audit.throttled event. Call inside a transaction. */
export function writeHeldBack(deps: AppDeps, summary: ThrottleSummary): void {
  appendAudit(deps.db, { type: 'audit.throttled', actor: 'system', data: { ...summary } }, deps.now());
}

/** Returns whether the event itself was written (callers log only then, for the same reason). */
export function auditNoise(deps: AppDeps, input: AuditInput): boolean {
  const admitted = admitNoise(deps, input.type);
  if (!admitted.write && !admitted.summary) return false;
  deps.db.transaction(() => writeNoise(deps, input, admitted));
  return admitted.write;
}
