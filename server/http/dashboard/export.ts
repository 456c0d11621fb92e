// POST /audit/export: the audit trail as a JSONL or CSV download, the whole log or one
// review's events. The export is itself an audit event, written before the first byte, so the
// file records its own making.
import type { Context } from 'hono';
import { DashboardSessions } from '../../auth/session.js';
import type { AppDeps } from '../deps.js';
import { appendAudit, exportAudit } from '../../store/audit.js';
import { exportAuditOfReview } from '../../store/audit-of-review.js';
import { getReview } from '../../store/reviews.js';

const CONTENT_TYPES = { jsonl: 'application/x-ndjson; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;

function streamOf(lines: Generator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      // One page of the log's lines per pull: never the whole trail in memory.
      let chunk = '';
      for (let i = 0; i < 500; i++) {
        const next = lines.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
      }
      controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      lines.return(undefined);
    },
  });
}

export async function exportTrail(c: Context, sessions: DashboardSessions, deps: AppDeps) {
  const session = c.get('dashboardSession');
  const form = await c.req.parseBody();
  const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
  if (!sessions.isValidCsrfToken(session, field('csrf'))) {
    return c.text('The form did not carry this session’s CSRF token.', 403);
  }
  const format = field('format');
  if (format !== 'jsonl' && format !== 'csv') return c.text('format must be jsonl or csv', 400);
  const reviewId = field('review') || null;
  if (reviewId !== null && (reviewId.length > 100 || !getReview(deps.db, reviewId))) {
    return c.text('No such review.', 404);
  }

  deps.db.transaction(() =>
    appendAudit(
      deps.db,
      {
        type: 'audit.exported',
        reviewId,
        actor: DashboardSessions.auditName(session),
        data: { format, scope: reviewId ? 'review' : 'all', ...(reviewId ? { reviewId } : {}) },
      },
      deps.now(),
    ),
  );
  deps.logger.info('audit exported', { format, reviewId });

  const day = new Date(deps.now()).toISOString().slice(0, 10);
  const name = `secretgate-audit-${reviewId ? `review-${reviewId}` : 'all'}-${day}.${format}`;
  const lines = reviewId ? exportAuditOfReview(deps.db, reviewId, format) : exportAudit(deps.db, format);
  return new Response(streamOf(lines), {
    headers: {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`,
      'Cache-Control': 'no-store',
    },
  });
}
