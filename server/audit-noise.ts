// Writes an audit event for unauthenticated traffic through the throttle (when the server has
// one), together with any count of events the throttle held back before it.
import type { AppDeps } from './deps.js';
import { appendAudit, type AuditInput } from './store/audit.js';

/** Returns whether the event itself was written (callers log only then, for the same reason). */
export function auditNoise(deps: AppDeps, input: AuditInput): boolean {
  const { write, summary } = deps.auditThrottle?.admit(input.type) ?? { write: true };
  if (!write && !summary) return false;
  deps.db.transaction(() => {
    if (summary) appendAudit(deps.db, { type: 'audit.throttled', actor: 'system', data: { ...summary } }, deps.now());
    if (write) appendAudit(deps.db, input, deps.now());
  });
  return write;
}
