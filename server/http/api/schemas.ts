// The API's request bodies as zod schemas: shape, types and sizes. Each problem reads
// `<field> <problem>` (http/issues.ts) and never echoes the value (a mistaken caller might
// have put a secret in it). The output is the contract's type, absent fields left out.
import { z } from 'zod';
import type { CancelReviewRequest, CleanRunRequest, CreateReviewRequest, FindingPayload } from '../../../shared/contract.js';
import { runUrlProblem } from '../../github/web-urls.js';

export const LIMITS = {
  findings: 1000,
  commits: 1000,
};

const SHA = /^[0-9a-f]{7,64}$/i;
const FULL_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/i;
const REPOSITORY = /^[\w.-]{1,100}\/[\w.-]{1,100}$/;
const HTTP_URL = /^https?:\/\/\S+$/;

const absent = (input: unknown) => input === undefined || input === null;
const stringError = { error: (issue: { input?: unknown }) => (absent(issue.input) ? 'is required' : 'must be a string') };

interface TextOptions {
  max: number;
  pattern?: RegExp;
  hint?: string;
}

/** A required string: not empty, at most `max`, matching `pattern`. */
function requiredText(o: TextOptions) {
  const s = z.string(stringError).min(1, 'must not be empty').max(o.max, `is longer than ${o.max} characters`);
  return o.pattern ? s.regex(o.pattern, `is malformed: expected ${o.hint}`) : s;
}

/** An optional string (null reads as absent). */
function optionalText(o: TextOptions) {
  const s = z.string(stringError).max(o.max, `is longer than ${o.max} characters`);
  return (o.pattern ? s.regex(o.pattern, `is malformed: expected ${o.hint}`) : s).nullish();
}

function wholeNumber(min: number, max: number) {
  return z
    .number({ error: (issue) => (absent(issue.input) ? 'is required' : 'must be a whole number') })
    .int('must be a whole number')
    .min(min, `must be from ${min} to ${max}`)
    .max(max, `must be from ${min} to ${max}`);
}

/** Drops the keys whose value is undefined or null: the contract's optional fields are absent, never null. */
function present<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as never;
}

/** A runUrl is linked in Slack and on commit statuses: only a run of the repository on the configured GitHub. */
function checkedRunUrl(runUrl: string | undefined, repository: string, githubServerUrl: string, ctx: z.RefinementCtx): string | undefined {
  if (runUrl === undefined) return undefined;
  const problem = runUrlProblem(runUrl, repository, githubServerUrl);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem, path: ['runUrl'] });
    return undefined;
  }
  // As the URL parser reads it (dot segments resolved), so what is stored is what was checked.
  return new URL(runUrl).href;
}

const finding = z
  .object(
    {
      ruleId: requiredText({ max: 100, pattern: /^[\w.:-]+$/, hint: 'a rule id such as github-pat' }),
      description: requiredText({ max: 300 }),
      severity: requiredText({ max: 20 }).pipe(z.enum(['critical', 'high', 'medium', 'low'], { error: 'must be critical, high, medium or low' })),
      file: requiredText({ max: 1000 }),
      line: wholeNumber(0, 10_000_000),
      redacted: requiredText({ max: 200 }),
      fingerprint: requiredText({
        max: 128,
        pattern: /^[\w:+/=-]{16,128}$/,
        hint: 'the finding fingerprint (16-128 characters of [A-Za-z0-9_:+/=-])',
      })
        // A location fingerprint names a place, not a value: remembered, it would pass any value put there.
        .refine((f) => !f.startsWith('loc:'), 'is a location fingerprint: fingerprint with the key from GET /api/v1/fingerprint-key'),
      legacyFingerprint: optionalText({ max: 64, pattern: /^[0-9a-f]{64}$/, hint: '64 hex digits' }),
      commit: optionalText({ max: 64, pattern: SHA, hint: 'a commit SHA' }),
      author: optionalText({ max: 200 }),
      kind: z.string(stringError).max(20, 'is longer than 20 characters').pipe(z.enum(['unscanned', 'config-change'], { error: 'must be unscanned or config-change' })).nullish(),
      allowedInline: z.boolean({ error: 'must be true or false' }).optional(),
      authorEmail: optionalText({ max: 320 }),
      provider: optionalText({ max: 60, pattern: /^[a-z0-9][a-z0-9._-]*$/, hint: 'a provider family such as github' }),
    },
    { error: 'must be an object' },
  )
  .transform(({ allowedInline, ...f }): FindingPayload => present({ ...f, allowedInline: allowedInline || undefined }));

/**
 * `POST /api/v1/reviews`. `githubServerUrl` is the configured GitHub host: a runUrl elsewhere,
 * or not a run of the request's repository, is refused (it would be linked in Slack).
 */
export function createReviewSchema(maxTimeoutSeconds: number, githubServerUrl: string) {
  return z
    .object(
      {
        idempotencyKey: requiredText({ max: 200 }),
        repository: requiredText({ max: 201, pattern: REPOSITORY, hint: 'owner/name' }),
        headSha: requiredText({ max: 64, pattern: SHA, hint: 'a commit SHA' }),
        timeoutSeconds: wholeNumber(1, maxTimeoutSeconds),
        ref: optionalText({ max: 500 }),
        baseSha: optionalText({ max: 64, pattern: SHA, hint: 'a commit SHA' }),
        pullRequest: wholeNumber(1, 2 ** 31).nullish(),
        runUrl: optionalText({ max: 1000, pattern: HTTP_URL, hint: 'an http(s) URL' }),
        actor: optionalText({ max: 100 }),
        commits: z
          .array(z.string({ error: 'is not a commit SHA' }).regex(SHA, 'is not a commit SHA'), { error: 'must be an array of commit SHAs' })
          .max(LIMITS.commits, `has more than ${LIMITS.commits} entries`)
          .nullish(),
        findings: z
          .array(finding, { error: 'must be an array' })
          .min(1, 'must not be empty: a review needs something to decide')
          .max(LIMITS.findings, `has more than ${LIMITS.findings} entries`),
      },
      { error: 'must be a JSON object' },
    )
    .transform((req, ctx): CreateReviewRequest => present({ ...req, runUrl: checkedRunUrl(req.runUrl ?? undefined, req.repository, githubServerUrl, ctx) }));
}

/** `POST /api/v1/reviews/:id/cancel`; no body at all reads as `{}`. */
export const cancelReviewSchema = z
  .object(
    {
      reason: z
        .string(stringError)
        .max(20, 'is longer than 20 characters')
        .pipe(z.enum(['cancelled', 'timeout'], { error: "must be 'cancelled' or 'timeout'" }))
        .nullish(),
    },
    { error: 'must be a JSON object such as {"reason":"timeout"}, or empty' },
  )
  .transform((b): CancelReviewRequest => present(b));

/** What a clean run's text fields answer when empty or too long. */
function cleanRunText(o: TextOptions) {
  const s = z.string(stringError).min(1, `must be 1 to ${o.max} characters`).max(o.max, `must be 1 to ${o.max} characters`);
  return o.pattern ? s.regex(o.pattern, `is malformed: expected ${o.hint}`) : s;
}

/**
 * `POST /api/v1/clean-runs`. As for a review, a runUrl elsewhere than the configured GitHub, or
 * not a run of the reported repository, is refused (it becomes the commit status's link).
 */
export function cleanRunSchema(githubServerUrl: string) {
  return z
    .object(
      {
        repository: cleanRunText({ max: 201, pattern: REPOSITORY, hint: 'owner/name' }),
        sha: cleanRunText({ max: 64, pattern: FULL_SHA, hint: 'a full commit SHA (40 hex digits)' }),
        ref: cleanRunText({ max: 300 }).nullish(),
        runUrl: cleanRunText({ max: 1000, pattern: HTTP_URL, hint: 'an http(s) URL' }).nullish(),
      },
      { error: 'must be a JSON object' },
    )
    .transform(
      (req, ctx): CleanRunRequest =>
        present({ ...req, sha: req.sha.toLowerCase(), runUrl: checkedRunUrl(req.runUrl ?? undefined, req.repository, githubServerUrl, ctx) }),
    );
}
