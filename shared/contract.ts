// The HTTP contract between the Action (action/gate.ts) and the approval server
// (server/routes/api.ts). Types only: both sides import it, nothing here runs.
import type { CancelReason, DecisionInfo, ReviewStatus } from './decisions.js';
import type { Severity } from './severity.js';

/** A finding as it travels: never the raw value, only its redacted preview and fingerprint. */
export interface FindingPayload {
  ruleId: string;
  description: string;
  severity: Severity;
  file: string;
  line: number;
  commit?: string;
  author?: string;
  /** The commit author's e-mail: the self-approval guard maps it to a Slack user. */
  authorEmail?: string;
  redacted: string;
  fingerprint: string;
  /**
   * The provider family of the rule that found it (`github`, `aws`, `private-key`, …), which
   * picks the remediation advice. Absent for rules without one (custom rules) and from older
   * Actions; the server then guesses from the rule id, else gives the generic advice.
   */
  provider?: string;
  /**
   * Absent: a secret found. `unscanned`: a part of a file the scan could not read (the
   * description says why and how large). `config-change`: the push changes the scan's own
   * configuration (the description lists the entries it adds and removes).
   */
  kind?: FindingKind;
  /** The line carries the author's own inline allow marker (`gitleaks:allow`, …). */
  allowedInline?: boolean;
  /**
   * The old unkeyed fingerprint, sent only while GET /api/v1/fingerprint-key says the server
   * still holds decisions remembered under it; looked up, never stored.
   */
  legacyFingerprint?: string;
}

export type FindingKind = 'unscanned' | 'config-change';

/** Body of `POST /api/v1/reviews`. */
export interface CreateReviewRequest {
  /** Same key, same review: the Action uses `${runId}-${runAttempt}`-style keys. */
  idempotencyKey: string;
  /** `owner/name`. */
  repository: string;
  ref?: string;
  /** The commit the job ran on (head of the range). */
  headSha: string;
  baseSha?: string;
  /** Every commit in the scanned range that carries a finding. */
  commits?: string[];
  pullRequest?: number;
  runUrl?: string;
  /** GitHub login of whoever pushed or opened the pull request. */
  actor?: string;
  /** How long approvers have; the review expires after it. */
  timeoutSeconds: number;
  findings: FindingPayload[];
}

/** Body of `POST /api/v1/reviews/:id/cancel`; the body itself is optional (plain cancel). */
export interface CancelReviewRequest {
  reason?: CancelReason;
}

/** Answer of `POST /api/v1/reviews` and `GET /api/v1/reviews/:id`. */
export interface ReviewResponse {
  id: string;
  status: ReviewStatus;
  repository: string;
  /** The review page on the server. */
  url: string;
  createdAt: string;
  deadline: string;
  decision?: DecisionInfo;
  /** True when every fingerprint was already decided, so nobody was asked. */
  remembered?: boolean;
  findings: number;
}

export interface ApiError {
  error: string;
  message: string;
}

/**
 * Body of `POST /api/v1/clean-runs`: the Action scanned `sha` and found nothing, so the server
 * sets the `secretgate` commit status to success (when it has a GitHub credential). Idempotent.
 */
export interface CleanRunRequest {
  /** `owner/name`. */
  repository: string;
  /** The commit the job ran on (head of the scanned range). */
  sha: string;
  ref?: string;
  /** The job's run page; the status links to it. */
  runUrl?: string;
}

/** Answer of `POST /api/v1/clean-runs` (201 when first recorded, 200 when already known). */
export interface CleanRunResponse {
  repository: string;
  sha: string;
  /** Whether the server sets commit statuses at all (a GitHub credential is configured). */
  commitStatus: boolean;
}

/**
 * Answer of `GET /api/v1/fingerprint-key?repository=owner/name`: the key the job fingerprints its
 * findings with (HMAC-SHA-256), derived from the server's master key for that repository only.
 */
export interface FingerprintKeyResponse {
  repository: string;
  /** 32 bytes, base64. A secret: the job masks it and writes it nowhere. */
  key: string;
  /** The server still holds decisions remembered under the old unkeyed fingerprint: send `legacyFingerprint` too. */
  legacyFingerprints: boolean;
}
