// Invariant 1 on the server's side: credentials planted in a full review flow never show up in
// the logs, the database files or what is sent to Slack.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveFingerprintKey } from '../../shared/fingerprint-key.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcIssuer } from '../support/oidc-issuer.js';
import {
  api,
  APPROVER,
  createReview,
  INTRUDER,
  reviewRequest,
  startTestServer,
  TEST_API_TOKEN,
  TEST_BOT_TOKEN,
  TEST_SIGNING_SECRET,
  type TestServer,
} from '../support/server-harness.js';
import { blockActionPayload, interactionBody, signedHeaders, viewSubmissionPayload } from '../support/slack-signing.js';

// What the Action found; only its redacted preview and a fingerprint are ever sent.
const RAW_SECRET = 'ghp_R4wS3cr3tV4lu3N3v3rL34v3sTh3Runn3r01';
const REDACTED = 'ghp_…(40 chars)';
// The fingerprint master key, and the key a job gets for its repository: with either, anyone
// could test guesses against the fingerprints in the database.
const MASTER_KEY = '5e'.repeat(16) + '7a'.repeat(16);
const DERIVED_KEY = deriveFingerprintKey(Buffer.from(MASTER_KEY, 'hex'), 'acme/api').toString('base64');

describe('no credential leaves through logs, database or Slack', () => {
  let issuer: OidcIssuer;
  let t: TestServer;
  let jwt: string;
  const signatures: string[] = [];

  beforeAll(async () => {
    issuer = await OidcIssuer.start();
    t = await startTestServer({
      env: {
        SECRETGATE_OIDC_ISSUER: issuer.issuer,
        SECRETGATE_OIDC_JWKS_URL: issuer.jwksUrl,
        SECRETGATE_OIDC_AUDIENCE: 'secretgate-test',
        SECRETGATE_OIDC_ALLOWED_REPOS: 'acme/*',
        SECRETGATE_FINGERPRINT_KEY: MASTER_KEY,
      },
    });
    jwt = await issuer.token({ repository: 'acme/api' }, { audience: 'secretgate-test' });

    const slackPost = async (path: string, body: string) => {
      const headers = signedHeaders(TEST_SIGNING_SECRET, body);
      signatures.push(headers['x-slack-signature']!);
      return fetch(t.url + path, { method: 'POST', headers, body });
    };

    // Both kinds of caller fetch the key, as a gate job does before it scans.
    for (const token of [TEST_API_TOKEN, jwt]) {
      const key = await api(t.url, token, 'GET', '/api/v1/fingerprint-key?repository=acme/api');
      expect(key.json['key']).toBe(DERIVED_KEY);
    }
    const req = reviewRequest({ repository: 'acme/api' });
    req.findings[0]!.redacted = REDACTED;
    const viaToken = await createReview(t.url, TEST_API_TOKEN, req);
    const viaOidc = await createReview(t.url, jwt, reviewRequest({ repository: 'acme/api' }));
    await t.slack.waitFor((s) => s.delivered('chat.postMessage').length >= 2, 5000, 'both posts');

    // Careless callers: the raw secret as a bearer token, and inside a field that fails validation.
    await api(t.url, RAW_SECRET, 'POST', '/api/v1/reviews', req);
    const bad = reviewRequest();
    (bad.findings[0] as unknown as Record<string, unknown>)['severity'] = RAW_SECRET;
    await api(t.url, TEST_API_TOKEN, 'POST', '/api/v1/reviews', bad);
    // A forged Slack request signed with the raw secret as if it were the signing secret.
    const forgedBody = interactionBody(blockActionPayload({ reviewId: viaToken.review.id, button: 'approve', userId: APPROVER }));
    await fetch(`${t.url}/slack/interactions`, { method: 'POST', headers: signedHeaders(RAW_SECRET, forgedBody), body: forgedBody });

    // The real flow: an intruder, the modal, an approval with a reason, a false positive.
    await slackPost('/slack/interactions', interactionBody(blockActionPayload({ reviewId: viaToken.review.id, button: 'block', userId: INTRUDER })));
    await slackPost('/slack/interactions', interactionBody(blockActionPayload({ reviewId: viaToken.review.id, button: 'approve', userId: APPROVER })));
    await slackPost('/slack/interactions', interactionBody(viewSubmissionPayload({ reviewId: viaToken.review.id, userId: APPROVER, reason: 'rotated' })));
    await slackPost('/slack/interactions', interactionBody(blockActionPayload({ reviewId: viaOidc.review.id, button: 'false_positive', userId: APPROVER })));
    await api(t.url, jwt, 'GET', `/api/v1/reviews/${viaOidc.review.id}?wait=1`);
    await t.slack.waitFor((s) => s.delivered('chat.update').length >= 2 && s.delivered('chat.postEphemeral').length >= 1, 5000, 'updates');
    await t.server.close(); // flush: logs complete, WAL checkpointed into the file
  });

  afterAll(async () => {
    await t.close();
    await issuer.close();
  });

  const planted = () => ({
    'raw secret': RAW_SECRET,
    'API token': TEST_API_TOKEN,
    'bot token': TEST_BOT_TOKEN,
    'signing secret': TEST_SIGNING_SECRET,
    'OIDC token': jwt,
    'OIDC token signature': jwt.split('.')[2]!,
    'fingerprint master key': MASTER_KEY,
    'fingerprint master key (base64)': Buffer.from(MASTER_KEY, 'hex').toString('base64'),
    'fingerprint key of acme/api': DERIVED_KEY,
    'fingerprint key of acme/api (hex)': Buffer.from(DERIVED_KEY, 'base64').toString('hex'),
    ...Object.fromEntries(signatures.map((s, i) => [`Slack signature ${i}`, s.slice(3)])),
  });

  it('the flow actually ran (so the checks below look at something)', () => {
    expect(t.logs.length).toBeGreaterThan(10);
    expect(t.logs.join('')).toContain('api auth rejected');
    expect(t.slack.calls.length).toBeGreaterThan(5);
    expect(JSON.stringify(t.slack.calls.map((c) => c.args))).toContain(REDACTED);
  });

  it('not in the logs', () => {
    const logs = t.logs.join('');
    for (const [what, value] of Object.entries(planted())) expect(logs.includes(value), what).toBe(false);
  });

  it('not in the database files', () => {
    const files = readdirSync(t.dir).filter((f) => f.startsWith('secretgate.db'));
    expect(files.length).toBeGreaterThan(0);
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(t.dir, f))));
    expect(bytes.includes(REDACTED)).toBe(true);
    for (const [what, value] of Object.entries(planted())) expect(bytes.includes(value), what).toBe(false);
  });

  it('not in any request body sent to Slack', () => {
    const sent = t.slack.calls.map((c) => c.rawBody).join('\n');
    for (const [what, value] of Object.entries(planted())) expect(sent.includes(value), what).toBe(false);
    // The bot token travels only where it belongs: the Authorization header.
    expect(t.slack.calls.every((c) => c.authorized)).toBe(true);
  });
});
