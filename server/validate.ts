// Validation of `POST /api/v1/reviews` bodies: shape, types and sizes. Messages name the field
// and never echo its value (a mistaken caller might have put a secret in it).
import type { CancelReviewRequest, CreateReviewRequest, FindingKind, FindingPayload } from '../shared/contract.js';
import type { CancelReason } from '../shared/decisions.js';
import { runUrlProblem } from './github/web-urls.js';

export class ValidationError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field} ${problem}`);
    this.name = 'ValidationError';
  }
}

const FINDING_KINDS: ReadonlySet<string> = new Set<FindingKind>(['unscanned', 'config-change']);

export const LIMITS = {
  findings: 1000,
  commits: 1000,
};

const SHA = /^[0-9a-f]{7,64}$/i;
const REPOSITORY = /^[\w.-]{1,100}\/[\w.-]{1,100}$/;
const SEVERITIES = new Set(['critical', 'high', 'medium', 'low']);

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Obj, key: string, path: string, opts: { max: number; required?: boolean; pattern?: RegExp; patternHint?: string }): string | undefined {
  const v = o[key];
  const field = path + key;
  if (v === undefined || v === null) {
    if (opts.required) throw new ValidationError(field, 'is required');
    return undefined;
  }
  if (typeof v !== 'string') throw new ValidationError(field, 'must be a string');
  if (opts.required && v.length === 0) throw new ValidationError(field, 'must not be empty');
  if (v.length > opts.max) throw new ValidationError(field, `is longer than ${opts.max} characters`);
  if (opts.pattern && !opts.pattern.test(v)) throw new ValidationError(field, `is malformed: expected ${opts.patternHint}`);
  return v;
}

function int(o: Obj, key: string, path: string, opts: { min: number; max: number; required?: boolean }): number | undefined {
  const v = o[key];
  const field = path + key;
  if (v === undefined || v === null) {
    if (opts.required) throw new ValidationError(field, 'is required');
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ValidationError(field, 'must be a whole number');
  if (v < opts.min || v > opts.max) throw new ValidationError(field, `must be from ${opts.min} to ${opts.max}`);
  return v;
}

function finding(v: unknown, i: number): FindingPayload {
  const path = `findings[${i}].`;
  if (!isObj(v)) throw new ValidationError(`findings[${i}]`, 'must be an object');
  const severity = str(v, 'severity', path, { max: 20, required: true })!;
  if (!SEVERITIES.has(severity)) throw new ValidationError(path + 'severity', 'must be critical, high, medium or low');
  const f: FindingPayload = {
    ruleId: str(v, 'ruleId', path, { max: 100, required: true, pattern: /^[\w.:-]+$/, patternHint: 'a rule id such as github-pat' })!,
    description: str(v, 'description', path, { max: 300, required: true })!,
    severity: severity as FindingPayload['severity'],
    file: str(v, 'file', path, { max: 1000, required: true })!,
    line: int(v, 'line', path, { min: 0, max: 10_000_000, required: true })!,
    redacted: str(v, 'redacted', path, { max: 200, required: true })!,
    fingerprint: str(v, 'fingerprint', path, {
      max: 128,
      required: true,
      pattern: /^[\w:+/=-]{16,128}$/,
      patternHint: 'the finding fingerprint (16-128 characters of [A-Za-z0-9_:+/=-])',
    })!,
  };
  // A location fingerprint names a place, not a value: remembered, it would pass any value put there.
  if (f.fingerprint.startsWith('loc:')) {
    throw new ValidationError(path + 'fingerprint', 'is a location fingerprint: fingerprint with the key from GET /api/v1/fingerprint-key');
  }
  const legacy = str(v, 'legacyFingerprint', path, { max: 64, pattern: /^[0-9a-f]{64}$/, patternHint: '64 hex digits' });
  if (legacy !== undefined) f.legacyFingerprint = legacy;
  const commit = str(v, 'commit', path, { max: 64, pattern: SHA, patternHint: 'a commit SHA' });
  if (commit !== undefined) f.commit = commit;
  const author = str(v, 'author', path, { max: 200 });
  if (author !== undefined) f.author = author;
  const kind = str(v, 'kind', path, { max: 20 });
  if (kind !== undefined) {
    if (!FINDING_KINDS.has(kind)) throw new ValidationError(path + 'kind', 'must be unscanned or config-change');
    f.kind = kind as FindingKind;
  }
  if (v.allowedInline !== undefined) {
    if (typeof v.allowedInline !== 'boolean') throw new ValidationError(path + 'allowedInline', 'must be true or false');
    if (v.allowedInline) f.allowedInline = true;
  }
  const authorEmail = str(v, 'authorEmail', path, { max: 320 });
  if (authorEmail !== undefined) f.authorEmail = authorEmail;
  const provider = str(v, 'provider', path, { max: 60, pattern: /^[a-z0-9][a-z0-9._-]*$/, patternHint: 'a provider family such as github' });
  if (provider !== undefined) f.provider = provider;
  return f;
}

/**
 * Checks a review request. `githubServerUrl` is the configured GitHub host: a runUrl elsewhere,
 * or not a run of the request's repository, is refused (it would be linked in Slack).
 */
export function validateCreateReview(body: unknown, maxTimeoutSeconds: number, githubServerUrl: string): CreateReviewRequest {
  if (!isObj(body)) throw new ValidationError('body', 'must be a JSON object');
  const req: CreateReviewRequest = {
    idempotencyKey: str(body, 'idempotencyKey', '', { max: 200, required: true })!,
    repository: str(body, 'repository', '', { max: 201, required: true, pattern: REPOSITORY, patternHint: 'owner/name' })!,
    headSha: str(body, 'headSha', '', { max: 64, required: true, pattern: SHA, patternHint: 'a commit SHA' })!,
    timeoutSeconds: int(body, 'timeoutSeconds', '', { min: 1, max: maxTimeoutSeconds, required: true })!,
    findings: [],
  };
  const ref = str(body, 'ref', '', { max: 500 });
  if (ref !== undefined) req.ref = ref;
  const baseSha = str(body, 'baseSha', '', { max: 64, pattern: SHA, patternHint: 'a commit SHA' });
  if (baseSha !== undefined) req.baseSha = baseSha;
  const pr = int(body, 'pullRequest', '', { min: 1, max: 2 ** 31 });
  if (pr !== undefined) req.pullRequest = pr;
  const runUrl = str(body, 'runUrl', '', { max: 1000, pattern: /^https?:\/\/\S+$/, patternHint: 'an http(s) URL' });
  if (runUrl !== undefined) {
    const problem = runUrlProblem(runUrl, req.repository, githubServerUrl);
    if (problem) throw new ValidationError('runUrl', problem);
    // As the URL parser reads it (dot segments resolved), so what is stored is what was checked.
    req.runUrl = new URL(runUrl).href;
  }
  const actor = str(body, 'actor', '', { max: 100 });
  if (actor !== undefined) req.actor = actor;

  if (body['commits'] !== undefined && body['commits'] !== null) {
    const commits = body['commits'];
    if (!Array.isArray(commits)) throw new ValidationError('commits', 'must be an array of commit SHAs');
    if (commits.length > LIMITS.commits) throw new ValidationError('commits', `has more than ${LIMITS.commits} entries`);
    req.commits = commits.map((c, i) => {
      if (typeof c !== 'string' || !SHA.test(c)) throw new ValidationError(`commits[${i}]`, 'is not a commit SHA');
      return c;
    });
  }
  const findings = body['findings'];
  if (!Array.isArray(findings)) throw new ValidationError('findings', 'must be an array');
  if (findings.length === 0) throw new ValidationError('findings', 'must not be empty: a review needs something to decide');
  if (findings.length > LIMITS.findings) throw new ValidationError('findings', `has more than ${LIMITS.findings} entries`);
  req.findings = findings.map(finding);
  return req;
}

const CANCEL_REASONS = new Set(['cancelled', 'timeout']);

/** The body of `POST /api/v1/reviews/:id/cancel`, parsed already (no body at all is `{}`). */
export function validateCancelReview(body: unknown): CancelReviewRequest {
  if (!isObj(body)) throw new ValidationError('body', 'must be a JSON object such as {"reason":"timeout"}, or empty');
  const reason = str(body, 'reason', '', { max: 20 });
  if (reason === undefined) return {};
  if (!CANCEL_REASONS.has(reason)) throw new ValidationError('reason', "must be 'cancelled' or 'timeout'");
  return { reason: reason as CancelReason };
}
