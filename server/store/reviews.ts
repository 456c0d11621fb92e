// Reviews and their findings: every state change here is one transaction that also writes the
// audit event and the outbox rows it causes (invariant 4).
import type { CreateReviewRequest, FindingKind, FindingPayload } from '../../shared/contract.js';
import { JOB_TIMED_OUT, type ReviewStatus } from '../../shared/decisions.js';
import { queueReviewStatus } from '../github/statuses.js';
import { actorMrkdwn, inertMrkdwn } from '../slack/mrkdwn.js';
import { appendAudit } from './audit.js';
import { blockCommits, blockedAmong, coveredCommits, liftBlocks } from './blocked-commits.js';
import { carryLegacyDecisions } from './legacy-decisions.js';
import { enqueue } from './outbox.js';
import type { Database, SqlValue } from './sqlite.js';

export type Decision = 'approved' | 'false_positive' | 'rejected';

export interface Review {
  id: string;
  /** The caller's key scoped to the caller: `<requestedBy> <key>`. */
  idempotencyKey: string;
  repository: string;
  ref: string | null;
  headSha: string;
  baseSha: string | null;
  commits: string[];
  pullRequest: number | null;
  runUrl: string | null;
  actor: string | null;
  /** The API caller: `token:<label>` or `oidc:<repository>`. */
  requestedBy: string;
  status: ReviewStatus;
  remembered: boolean;
  findingCount: number;
  createdAt: string;
  deadlineMs: number;
  decidedBy: string | null;
  decidedByName: string | null;
  decisionReason: string | null;
  decidedAt: string | null;
  slackChannel: string | null;
  slackTs: string | null;
}

interface ReviewRow {
  id: string;
  idempotency_key: string;
  repository: string;
  ref: string | null;
  head_sha: string;
  base_sha: string | null;
  commits: string;
  pull_request: number | null;
  run_url: string | null;
  actor: string | null;
  requested_by: string;
  status: ReviewStatus;
  remembered: number;
  finding_count: number;
  created_at: string;
  deadline_ms: number;
  decided_by: string | null;
  decided_by_name: string | null;
  decision_reason: string | null;
  decided_at: string | null;
  slack_channel: string | null;
  slack_ts: string | null;
}

function toReview(r: ReviewRow): Review {
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key,
    repository: r.repository,
    ref: r.ref,
    headSha: r.head_sha,
    baseSha: r.base_sha,
    commits: JSON.parse(r.commits) as string[],
    pullRequest: r.pull_request,
    runUrl: r.run_url,
    actor: r.actor,
    requestedBy: r.requested_by,
    status: r.status,
    remembered: r.remembered === 1,
    findingCount: r.finding_count,
    createdAt: r.created_at,
    deadlineMs: r.deadline_ms,
    decidedBy: r.decided_by,
    decidedByName: r.decided_by_name,
    decisionReason: r.decision_reason,
    decidedAt: r.decided_at,
    slackChannel: r.slack_channel,
    slackTs: r.slack_ts,
  };
}

const nul = (v: string | number | undefined | null): SqlValue => (v === undefined ? null : v);

/** How an idempotency key is stored: scoped to its caller (no caller ID holds a space). */
function scopedIdempotencyKey(requestedBy: string, key: string): string {
  return `${requestedBy} ${key}`;
}

/** Whether this caller already opened a review under `key` (a retry, not a new review). */
export function hasReviewForKey(db: Database, requestedBy: string, key: string): boolean {
  return db.prepare('SELECT 1 AS x FROM reviews WHERE idempotency_key = ?').get(scopedIdempotencyKey(requestedBy, key)) !== undefined;
}

export function getReview(db: Database, id: string): Review | undefined {
  const r = db.prepare('SELECT * FROM reviews WHERE id = ?').get<ReviewRow>(id);
  return r && toReview(r);
}

export function getFindings(db: Database, reviewId: string): FindingPayload[] {
  const rows = db
    .prepare('SELECT * FROM findings WHERE review_id = ? ORDER BY position')
    .all<Record<string, string | number | null>>(reviewId);
  return rows.map((r) => {
    const f: FindingPayload = {
      ruleId: String(r['rule_id']),
      description: String(r['description']),
      severity: r['severity'] as FindingPayload['severity'],
      file: String(r['file']),
      line: Number(r['line']),
      redacted: String(r['redacted']),
      fingerprint: String(r['fingerprint']),
    };
    if (r['commit_sha'] != null) f.commit = String(r['commit_sha']);
    if (r['author'] != null) f.author = String(r['author']);
    if (r['kind'] != null) f.kind = r['kind'] as FindingKind;
    if (r['allowed_inline'] === 1) f.allowedInline = true;
    if (r['author_email'] != null) f.authorEmail = String(r['author_email']);
    if (r['provider'] != null) f.provider = String(r['provider']);
    return f;
  });
}

export function listPending(db: Database, limit: number): Review[] {
  return db
    .prepare("SELECT * FROM reviews WHERE status = 'pending' ORDER BY created_at LIMIT ?")
    .all<ReviewRow>(limit)
    .map(toReview);
}

export interface CreateOptions {
  id: string;
  /** The authenticated caller; its idempotency keys are its own. */
  requestedBy: string;
  /** The request's hash (request-hash.ts): a key reused for another request is a conflict. */
  requestHash: string;
  /** Where the review message goes. */
  channel: string;
  /** Mention markup for the people the routing policy names (`<@U…>`, `<!subteam^S…>`). */
  mentions?: string[];
  nowMs: number;
}

export interface CreateResult {
  review: Review;
  /** False when the idempotency key matched an existing review (nothing new was written). */
  created: boolean;
  /** The caller used the key before for a different request: `review` is not its answer. */
  conflict: boolean;
}

/**
 * Creates a review, or returns the one an earlier identical request of the same caller with the
 * same key created; the same key with a different request is a conflict.
 */
export function createReview(db: Database, req: CreateReviewRequest, opts: CreateOptions): CreateResult {
  const scopedKey = scopedIdempotencyKey(opts.requestedBy, req.idempotencyKey);
  return db.transaction(() => {
    const existing = db
      .prepare('SELECT * FROM reviews WHERE idempotency_key = ? ORDER BY created_at LIMIT 1')
      .get<ReviewRow & { request_hash: string | null }>(scopedKey);
    if (existing) {
      const conflict = existing.request_hash !== null && existing.request_hash !== opts.requestHash;
      return { review: toReview(existing), created: false, conflict };
    }

    carryLegacyDecisions(db, req.repository, req.findings, opts.requestedBy, opts.nowMs);
    const createdAt = new Date(opts.nowMs).toISOString();
    const known = rememberedDecisions(db, req.repository, req.findings.map((f) => f.fingerprint));
    // A commit a person blocked is decided again only by a person, however its findings were
    // decided elsewhere (invariant 4).
    const blocked = blockedAmong(db, req.repository, coveredCommits({ headSha: req.headSha, commits: req.commits ?? [] }));
    const allKnown = !blocked && req.findings.length > 0 && req.findings.every((f) => known.has(f.fingerprint));
    const counts = { approved: 0, false_positive: 0 };
    for (const d of known.values()) counts[d]++;
    // Every finding known: the review is answered at once, as a false positive only when every
    // one of them was one (a single approval means a real credential was let through).
    const rememberedStatus = counts.approved === 0 ? 'false_positive' : 'approved';

    db.prepare(
      `INSERT INTO reviews (id, idempotency_key, repository, ref, head_sha, base_sha, commits, pull_request,
         run_url, actor, requested_by, status, remembered, finding_count, created_at, deadline_ms,
         decided_by, decision_reason, decided_at, request_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      opts.id,
      scopedKey,
      req.repository,
      nul(req.ref),
      req.headSha,
      nul(req.baseSha),
      JSON.stringify(req.commits ?? []),
      nul(req.pullRequest),
      nul(req.runUrl),
      nul(req.actor),
      opts.requestedBy,
      allKnown ? rememberedStatus : 'pending',
      allKnown ? 1 : 0,
      req.findings.length,
      createdAt,
      opts.nowMs + req.timeoutSeconds * 1000,
      allKnown ? 'system' : null,
      allKnown ? `remembered: ${counts.approved} approved, ${counts.false_positive} false positive` : null,
      allKnown ? createdAt : null,
      opts.requestHash,
    );
    const insertFinding = db.prepare(
      `INSERT INTO findings (review_id, position, rule_id, description, severity, file, line, commit_sha,
         author, redacted, fingerprint, kind, allowed_inline, author_email, provider) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    req.findings.forEach((f, i) =>
      insertFinding.run(
        opts.id,
        i,
        f.ruleId,
        f.description,
        f.severity,
        f.file,
        f.line,
        nul(f.commit),
        nul(f.author),
        f.redacted,
        f.fingerprint,
        nul(f.kind),
        f.allowedInline ? 1 : 0,
        nul(f.authorEmail),
        nul(f.provider),
      ),
    );
    appendAudit(
      db,
      {
        type: 'review.created',
        reviewId: opts.id,
        actor: opts.requestedBy,
        data: {
          repository: req.repository,
          ref: req.ref ?? null,
          headSha: req.headSha,
          findings: req.findings.map((f) => ({ ruleId: f.ruleId, file: f.file, line: f.line, fingerprint: f.fingerprint })),
          ...(blocked ? { blocked: { sha: blocked.sha, reviewId: blocked.reviewId } } : {}),
        },
      },
      opts.nowMs,
    );
    if (allKnown) {
      appendAudit(
        db,
        { type: 'review.remembered', reviewId: opts.id, actor: 'system', data: { ...counts } },
        opts.nowMs,
      );
    } else {
      enqueue(
        db,
        { kind: 'post_review', reviewId: opts.id, channel: opts.channel, ...(opts.mentions?.length ? { mentions: opts.mentions } : {}) },
        opts.nowMs,
      );
      if (blocked) {
        // Tells the approvers why findings decided before ask again.
        enqueue(
          db,
          {
            kind: 'thread_reply',
            reviewId: opts.id,
            text: `:no_entry: Commit \`${blocked.sha.slice(0, 12)}\` was blocked in an earlier review: only an approver's decision here lets it through, not decisions remembered from other reviews.`,
          },
          opts.nowMs,
        );
      }
    }
    const review = getReview(db, opts.id)!;
    queueReviewStatus(db, review, opts.nowMs, opts.channel);
    return { review, created: true, conflict: false };
  });
}

function rememberedDecisions(
  db: Database,
  repository: string,
  fingerprints: string[],
): Map<string, 'approved' | 'false_positive'> {
  const stmt = db.prepare('SELECT decision FROM remembered WHERE repository = ? AND fingerprint = ?');
  const out = new Map<string, 'approved' | 'false_positive'>();
  for (const fp of new Set(fingerprints)) {
    const r = stmt.get<{ decision: 'approved' | 'false_positive' }>(repository, fp);
    if (r) out.set(fp, r.decision);
  }
  return out;
}

export type DecideOutcome =
  | { outcome: 'decided'; review: Review }
  /** Already decided, expired or cancelled: nothing changed. */
  | { outcome: 'not_pending'; review: Review }
  | { outcome: 'unknown' };

export interface DecideInput {
  reviewId: string;
  decision: Decision;
  /** Slack user ID. */
  by: string;
  byName?: string;
  reason?: string;
  nowMs: number;
}

export const decisionWords: Record<ReviewStatus, string> = {
  pending: 'Waiting for a decision',
  approved: 'Approved',
  false_positive: 'Marked false positive',
  rejected: 'Blocked',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

/** Records a decision if the review is still pending; the compare-and-set makes double clicks harmless. */
export function decide(db: Database, input: DecideInput): DecideOutcome {
  return db.transaction(() => {
    const before = getReview(db, input.reviewId);
    if (!before) return { outcome: 'unknown' };
    if (before.status === 'pending' && before.deadlineMs <= input.nowMs) {
      // The expirer has not come round yet; the deadline has passed all the same.
      expireOne(db, before.id, input.nowMs);
    }
    const at = new Date(input.nowMs).toISOString();
    const changed = db
      .prepare(
        `UPDATE reviews SET status = ?, decided_by = ?, decided_by_name = ?, decision_reason = ?, decided_at = ?
          WHERE id = ? AND status = 'pending'`,
      )
      .run(input.decision, input.by, nul(input.byName), nul(input.reason), at, input.reviewId).changes;
    if (changed === 0) return { outcome: 'not_pending', review: getReview(db, input.reviewId)! };

    // A person's decision: a Block covers the review's commits, letting it through lifts theirs.
    if (input.decision === 'rejected') blockCommits(db, before, input.nowMs);
    else liftBlocks(db, before);
    if (input.decision !== 'rejected') {
      const remember = db.prepare(
        `INSERT INTO remembered (repository, fingerprint, decision, review_id, decided_by, decided_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (repository, fingerprint) DO UPDATE SET decision = excluded.decision,
           review_id = excluded.review_id, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
      );
      for (const f of getFindings(db, input.reviewId)) {
        remember.run(before.repository, f.fingerprint, input.decision, input.reviewId, input.by, at);
      }
    }
    appendAudit(
      db,
      {
        type: 'review.decided',
        reviewId: input.reviewId,
        actor: input.by,
        data: { decision: input.decision, byName: input.byName ?? null, reason: input.reason ?? null },
      },
      input.nowMs,
    );
    // The reason is typed by a person: inert, it cannot ping the channel or fake a link.
    const reason = input.reason ? `: ${inertMrkdwn(input.reason)}` : '';
    enqueue(db, { kind: 'update_review', reviewId: input.reviewId }, input.nowMs);
    enqueue(
      db,
      { kind: 'thread_reply', reviewId: input.reviewId, text: `${decisionWords[input.decision]} by ${actorMrkdwn(input.by)}${reason}` },
      input.nowMs,
    );
    const review = getReview(db, input.reviewId)!;
    queueReviewStatus(db, review, input.nowMs);
    return { outcome: 'decided', review };
  });
}

/** Expires one review if it is pending and past its deadline; true if it did. */
export function expireIfOverdue(db: Database, id: string, nowMs: number): boolean {
  return db.transaction(() => {
    const r = db.prepare('SELECT deadline_ms FROM reviews WHERE id = ? AND status = ?').get<{ deadline_ms: number }>(id, 'pending');
    return r !== undefined && r.deadline_ms <= nowMs && expireOne(db, id, nowMs);
  });
}

/**
 * Why a review expires and who says so (the audit event's actor): the expirer at the deadline,
 * or the job whose own timeout passed first. Either way nobody decided: `decided_by` is `system`.
 */
interface Expiry {
  actor: string;
  reason: string;
}
const DEADLINE_PASSED: Expiry = { actor: 'system', reason: 'deadline passed' };

function expireOne(db: Database, id: string, nowMs: number, expiry: Expiry = DEADLINE_PASSED): boolean {
  const changed = db
    .prepare(
      `UPDATE reviews SET status = 'expired', decided_by = 'system', decided_at = ?, decision_reason = ?
        WHERE id = ? AND status = 'pending'`,
    )
    .run(new Date(nowMs).toISOString(), expiry.reason, id).changes;
  if (changed === 0) return false;
  appendAudit(
    db,
    { type: 'review.expired', reviewId: id, actor: expiry.actor, ...(expiry === DEADLINE_PASSED ? {} : { data: { reason: expiry.reason } }) },
    nowMs,
  );
  enqueue(db, { kind: 'update_review', reviewId: id }, nowMs);
  enqueue(db, { kind: 'thread_reply', reviewId: id, text: ':alarm_clock: Expired: nobody decided before the deadline, so the job failed. A new push asks again.' }, nowMs);
  queueReviewStatus(db, getReview(db, id)!, nowMs);
  return true;
}

/** Expires every pending review whose deadline has passed; returns their IDs. */
export function expireDue(db: Database, nowMs: number, limit = 500): string[] {
  return db.transaction(() => {
    const ids = db
      .prepare("SELECT id FROM reviews WHERE status = 'pending' AND deadline_ms <= ? ORDER BY deadline_ms LIMIT ?")
      .all<{ id: string }>(nowMs, limit)
      .map((r) => r.id);
    return ids.filter((id) => expireOne(db, id, nowMs));
  });
}

/** The earliest deadline among pending reviews (ms), or null. */
export function nextDeadline(db: Database): number | null {
  return (
    db.prepare("SELECT MIN(deadline_ms) AS t FROM reviews WHERE status = 'pending'").get<{ t: number | null }>()?.t ??
    null
  );
}

/** Cancels a pending review (the job was cancelled). A final review is returned unchanged. */
export function cancelReview(db: Database, id: string, by: string, nowMs: number): DecideOutcome {
  return db.transaction(() => {
    const changed = db
      .prepare(
        `UPDATE reviews SET status = 'cancelled', decided_by = ?, decided_at = ?, decision_reason = 'job cancelled'
          WHERE id = ? AND status = 'pending'`,
      )
      .run(by, new Date(nowMs).toISOString(), id).changes;
    const review = getReview(db, id);
    if (!review) return { outcome: 'unknown' };
    if (changed === 0) return { outcome: 'not_pending', review };
    appendAudit(db, { type: 'review.cancelled', reviewId: id, actor: by }, nowMs);
    enqueue(db, { kind: 'update_review', reviewId: id }, nowMs);
    enqueue(db, { kind: 'thread_reply', reviewId: id, text: ':no_entry_sign: Cancelled: the job was cancelled, so there is nothing left to decide.' }, nowMs);
    queueReviewStatus(db, review, nowMs);
    return { outcome: 'decided', review };
  });
}

/**
 * Expires a pending review because its job's own timeout passed before the server's deadline
 * (the job already failed as expired; nobody may still decide). A final review is returned unchanged.
 */
export function expireForJobTimeout(db: Database, id: string, by: string, nowMs: number): DecideOutcome {
  return db.transaction(() => {
    const expired = expireOne(db, id, nowMs, { actor: by, reason: JOB_TIMED_OUT });
    const review = getReview(db, id);
    if (!review) return { outcome: 'unknown' };
    return expired ? { outcome: 'decided', review } : { outcome: 'not_pending', review };
  });
}

export function setSlackMessage(db: Database, id: string, channel: string, ts: string): void {
  db.prepare('UPDATE reviews SET slack_channel = ?, slack_ts = ? WHERE id = ?').run(channel, ts, id);
}
