// The "Fix instructions" advice follows the provider each finding carries (the Action sets it from
// its rule), so the server needs no rules of its own; the provider is stored with the finding, and
// a row stored before findings carried one gets the generic advice (or, for a custom-style id
// such as `stripe-…`, the provider its first word names).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remediationMessage } from '../../../server/slack/remediation.js';
import { openStore } from '../../../server/store/db.js';
import { migrations } from '../../../server/store/migrations.js';
import { getFindings } from '../../../server/store/reviews.js';
import { openDatabase } from '../../../server/store/sqlite.js';
import { api, createReview, reviewRequest, startTestServer, tempDir, type TestServer } from '../../support/server-harness.js';
import { sampleFinding, sampleReview } from './review-fixture.js';

const blocksOf = (findings: Parameters<typeof remediationMessage>[1]) => JSON.stringify(remediationMessage(sampleReview(), findings).blocks);

describe('remediation by the finding’s provider', () => {
  it('gives the advice of the provider the payload names, whatever the rule id says', () => {
    // Neither id's first word names its provider (one built-in rule, one custom): only the payload can.
    const text = blocksOf([
      sampleFinding({ ruleId: 'google-api-key', provider: 'gcp', file: 'app/maps.js' }),
      sampleFinding({ ruleId: 'putty-private-key', provider: 'private-key', file: 'deploy/key.ppk' }),
    ]);
    expect(text).toContain('*Google Cloud* (google-api-key)');
    expect(text).toContain('https://console.cloud.google.com/apis/credentials');
    expect(text).toContain('*Private key* (putty-private-key)');
    expect(text).not.toContain('*Credential*');
  });

  it('gives the generic advice to a provider it has no advice for, and to a finding without a provider', () => {
    const text = blocksOf([
      sampleFinding({ ruleId: 'pinecone-api-key', provider: 'pinecone', file: 'a.env' }),
      sampleFinding({ ruleId: 'google-api-key', file: 'b.env' }),
      // A custom rule named provider-kind, as gitleaks configurations do.
      sampleFinding({ ruleId: 'stripe-restricted-key', file: 'c.env' }),
    ]);
    // One generic section for both findings that have no advice of their own.
    expect(text).toContain('*Credential* (pinecone-api-key, google-api-key)');
    expect(text.match(/\*Credential\*/g)).toHaveLength(1);
    expect(text).toContain('*Stripe* (stripe-restricted-key)');
  });

  it('does not take a rule id’s first word for a provider when it names an Object property', () => {
    const text = blocksOf([sampleFinding({ ruleId: 'constructor-token' }), sampleFinding({ ruleId: 'toString-key', provider: 'toString' })]);
    expect(text).toContain('*Credential* (constructor-token, toString-key)');
  });
});

describe('the provider in the store', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('keeps the provider a job sends with each finding, and refuses one that is not a provider name', async () => {
    const { status, review } = await createReview(
      server.url,
      server.apiToken,
      reviewRequest({
        findings: [
          sampleFinding({ ruleId: 'google-api-key', provider: 'gcp', fingerprint: `sha256:${'1'.repeat(64)}` }),
          sampleFinding({ ruleId: 'custom-rule', fingerprint: `sha256:${'2'.repeat(64)}` }),
        ],
      }),
    );
    expect(status).toBe(201);
    const stored = getFindings(server.db(), review.id);
    expect(stored.map((f) => f.provider)).toEqual(['gcp', undefined]);
    expect(JSON.stringify(remediationMessage(sampleReview(), stored).blocks)).toContain('*Google Cloud* (google-api-key)');

    const bad = await api(server.url, server.apiToken, 'POST', '/api/v1/reviews', reviewRequest({ findings: [sampleFinding({ provider: '<!channel>' })] }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('findings[0].provider');
  });

  it('migrates a database from before findings carried a provider: its rows get the generic advice', () => {
    const dir = tempDir('secretgate-provider-migration-');
    try {
      const path = join(dir, 'v11.db');
      const old = openDatabase(path);
      old.transaction(() => {
        for (const [i, sql] of migrations.slice(0, 11).entries()) {
          old.exec(sql);
          old.exec(`PRAGMA user_version = ${i + 1}`);
        }
        old
          .prepare(
            `INSERT INTO reviews (id, idempotency_key, repository, head_sha, commits, requested_by, status, remembered, finding_count,
               created_at, deadline_ms) VALUES ('old', 'k', 'acme/api', ?, '[]', 'token:1', 'pending', 0, 1, '2026-11-01T00:00:00.000Z', 0)`,
          )
          .run('a'.repeat(40));
        old
          .prepare(
            `INSERT INTO findings (review_id, position, rule_id, description, severity, file, line, redacted, fingerprint)
               VALUES ('old', 0, 'putty-private-key', 'PuTTY private key', 'critical', 'deploy/key.ppk', 1, 'PuTTY-User-Key-File…', ?)`,
          )
          .run(`sha256:${'3'.repeat(64)}`);
      });
      old.close();

      const db = openStore(path);
      try {
        const [finding] = getFindings(db, 'old');
        expect(finding!.provider).toBeUndefined();
        const text = JSON.stringify(remediationMessage(sampleReview(), [finding!]).blocks);
        // A built-in rule of the private-key family, but the row does not say so.
        expect(text).toContain('*Credential* (putty-private-key)');
        expect(text).not.toContain('Private key');
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
