// Which OIDC tokens may speak for a repository: the real server on loopback with a real SQLite
// file, the GitHub stand-in recording commit statuses, and an OIDC issuer minting RS256 tokens
// with the claims GitHub puts in them. A pull request can edit its own workflow and still get a
// valid token for its repository; only the trusted workflows (SECRETGATE_OIDC_WORKFLOWS) may
// speak, and a repository made again under a known name (another repository_id) may not.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { undeliveredStatusCount } from '../../server/store/status-outbox.js';
import { oidcCommand } from '../../cli/oidc-command.js';
import { verifyAuditChain } from '../../server/store/audit.js';
import { GitHubStandIn, writeAppKey, type AppKey } from '../support/github-standin.js';
import { OidcIssuer } from '../support/oidc-issuer.js';
import { api, reviewRequest, startTestServer, tempDir, type TestServer } from '../support/server-harness.js';
import { SlackStandIn } from '../support/slack-standin.js';
import { TEST_BOT_TOKEN } from '../support/server-harness.js';

const APP_ID = '4444';
const AUDIENCE = 'secretgate';
const CENTRAL = 'acme/security/.github/workflows/secretgate.yml@refs/heads/main';
const SHA = 'fee1000000000000000000000000000000000001';
const LATER = 'fee1000000000000000000000000000000000002';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

let key: AppKey;
let dir: string;
let issuer: OidcIssuer;
let gh: GitHubStandIn;
beforeEach(async () => {
  dir = tempDir('secretgate-oidc-trust-');
  key = writeAppKey(dir);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  issuer = await OidcIssuer.start();
  cleanups.push(() => issuer.close());
  gh = await GitHubStandIn.start({ appId: APP_ID, publicKey: key.publicKey, installations: { 'acme/api': 77, 'acme/web': 78 } });
  cleanups.push(() => gh.close());
});

async function server(env: Record<string, string> = {}, shared?: { dir: string; slack: SlackStandIn }): Promise<TestServer> {
  const t = await startTestServer({
    env: {
      GITHUB_API_URL: gh.apiUrl,
      GITHUB_APP_ID: APP_ID,
      GITHUB_APP_PRIVATE_KEY_FILE: key.file,
      SECRETGATE_OIDC_ISSUER: issuer.issuer,
      SECRETGATE_OIDC_JWKS_URL: issuer.jwksUrl,
      SECRETGATE_OIDC_AUDIENCE: AUDIENCE,
      SECRETGATE_OIDC_ALLOWED_REPOS: 'acme/*',
      ...env,
    },
    ...(shared ?? {}),
  });
  cleanups.push(() => t.close());
  return t;
}

/** A pull request's own workflow, edited in the pull request: GitHub still issues the job a token. */
const editedInPullRequest = {
  repository: 'acme/api',
  event_name: 'pull_request',
  ref: 'refs/pull/7/merge',
  head_ref: 'mallory/patch',
  base_ref: 'main',
  workflow_ref: 'acme/api/.github/workflows/ci.yml@refs/pull/7/merge',
  job_workflow_ref: 'acme/api/.github/workflows/ci.yml@refs/pull/7/merge',
};
/** The central reusable workflow, called by the workflow an organisation ruleset requires. */
const central = {
  repository: 'acme/api',
  workflow_ref: 'acme/api/.github/workflows/secretgate-required.yml@refs/heads/main',
  job_workflow_ref: CENTRAL,
};

const events = (t: TestServer, type: string) =>
  t
    .db()
    .prepare('SELECT actor, data FROM audit_events WHERE type = ? ORDER BY seq')
    .all<{ actor: string; data: string }>(type)
    .map((r) => ({ actor: r.actor, ...(JSON.parse(r.data) as Record<string, unknown>) }));
const count = (t: TestServer, table: string) => t.db().prepare(`SELECT COUNT(*) AS n FROM ${table}`).get<{ n: number }>()!.n;

describe('SECRETGATE_OIDC_WORKFLOWS', () => {
  it('refuses with 403 and audits a clean run from a workflow a pull request edited; the central workflow may report it', async () => {
    const t = await server({ SECRETGATE_OIDC_WORKFLOWS: CENTRAL });
    const forged = await issuer.token(editedInPullRequest, { audience: AUDIENCE });
    const r = await api(t.url, forged, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: SHA });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ error: 'forbidden' });
    expect(String(r.json['message'])).toBe(
      'OIDC token refused: workflow acme/api/.github/workflows/ci.yml@refs/pull/7/merge is not in SECRETGATE_OIDC_WORKFLOWS',
    );
    expect(count(t, 'clean_runs')).toBe(0);
    expect(events(t, 'api.oidc_refused')).toEqual([
      {
        actor: 'oidc:acme/api',
        method: 'POST',
        path: '/api/v1/clean-runs',
        repository: 'acme/api',
        reason: String(r.json['message']),
        jobWorkflowRef: editedInPullRequest.job_workflow_ref,
        repositoryId: expect.stringMatching(/^\d+$/),
      },
    ]);
    // Nor may it open a review or read one.
    expect((await api(t.url, forged, 'POST', '/api/v1/reviews', reviewRequest({ repository: 'acme/api' }))).status).toBe(403);

    const trusted = await issuer.token(central, { audience: AUDIENCE });
    const ok = await api(t.url, trusted, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: SHA });
    expect(ok.status).toBe(201);
    await gh.waitFor(() => undeliveredStatusCount(t.db()) === 0 && gh.statusesOf('acme/api', SHA).length === 1, 10_000, 'the clean-run status');
    // The one status on the commit is the trusted workflow's.
    expect(gh.statusesOf('acme/api', SHA).map((s) => s.state)).toEqual(['success']);
    expect(verifyAuditChain(t.db()).ok).toBe(true);
  });

  it('refuses the central workflow called at another ref, a token without job_workflow_ref, and another repository that only names it', async () => {
    const t = await server({ SECRETGATE_OIDC_WORKFLOWS: CENTRAL });
    const cases: [string, Record<string, unknown>, string][] = [
      ['another ref', { ...central, job_workflow_ref: 'acme/security/.github/workflows/secretgate.yml@refs/heads/mallory' }, 'is not in SECRETGATE_OIDC_WORKFLOWS'],
      ['pinned sha', { ...central, job_workflow_ref: 'acme/security/.github/workflows/secretgate.yml@0123456789abcdef0123456789abcdef01234567' }, 'is not in SECRETGATE_OIDC_WORKFLOWS'],
      ['look-alike repo', { ...central, job_workflow_ref: 'acme/security-fork/.github/workflows/secretgate.yml@refs/heads/main' }, 'is not in SECRETGATE_OIDC_WORKFLOWS'],
      ['path case', { ...central, job_workflow_ref: 'acme/security/.github/workflows/SECRETGATE.yml@refs/heads/main' }, 'is not in SECRETGATE_OIDC_WORKFLOWS'],
      ['no claim', { ...central, job_workflow_ref: undefined }, 'it has no job_workflow_ref claim'],
    ];
    for (const [why, claims, message] of cases) {
      const jwt = await issuer.token({ repository: 'acme/api', ...claims }, { audience: AUDIENCE });
      const r = await api(t.url, jwt, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: SHA });
      expect(r.status, why).toBe(403);
      expect(String(r.json['message']), why).toContain(message);
    }
    expect(events(t, 'api.oidc_refused')).toHaveLength(cases.length);
    // Owner and repository names compare as GitHub's do, without case.
    const upper = await issuer.token({ ...central, job_workflow_ref: 'ACME/Security/.github/workflows/secretgate.yml@refs/heads/main' }, { audience: AUDIENCE });
    expect((await api(t.url, upper, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: SHA })).status).toBe(201);
    expect(count(t, 'clean_runs')).toBe(1);
  });

  it('when unset, trusts any workflow of an allowed repository and says so at startup', async () => {
    const t = await server();
    expect(t.logs.some((l) => l.includes('"level":"warn"') && l.includes('SECRETGATE_OIDC_WORKFLOWS is not set: any workflow of an allowed repository is trusted'))).toBe(true);
    const jwt = await issuer.token(editedInPullRequest, { audience: AUDIENCE });
    expect((await api(t.url, jwt, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: SHA })).status).toBe(201);

    const pinned = await server({ SECRETGATE_OIDC_WORKFLOWS: CENTRAL });
    expect(pinned.logs.some((l) => l.includes('SECRETGATE_OIDC_WORKFLOWS is not set'))).toBe(false);
  });
});

describe('repository_id pinned when a repository is first seen', () => {
  it('refuses with 403 and audits a token for a repository deleted and made again under the same name, also after a restart', async () => {
    const slack = await SlackStandIn.start({ token: TEST_BOT_TOKEN });
    cleanups.push(() => slack.close());
    const shared = { dir: tempDir('secretgate-oidc-pin-'), slack };
    cleanups.push(() => rmSync(shared.dir, { recursive: true, force: true }));
    const first = await server({}, shared);

    const original = await issuer.token({ repository: 'acme/api', repository_id: '74', repository_owner_id: '65' }, { audience: AUDIENCE });
    const created = await api(first.url, original, 'POST', '/api/v1/reviews', reviewRequest({ repository: 'acme/api' }));
    expect(created.status).toBe(201);
    expect(events(first, 'oidc.repository_pinned')).toEqual([{ actor: 'oidc:acme/api', repository: 'acme/api', repositoryId: '74', ownerId: '65' }]);
    // The same repository again: nothing new is pinned.
    expect((await api(first.url, original, 'GET', `/api/v1/reviews/${String(created.json['id'])}`)).status).toBe(200);
    expect(events(first, 'oidc.repository_pinned')).toHaveLength(1);

    // Deleted and made again: same name, same owner, a new repository_id.
    const remade = await issuer.token({ repository: 'acme/api', repository_id: '9001', repository_owner_id: '65' }, { audience: AUDIENCE });
    const refused = await api(first.url, remade, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: SHA });
    expect(refused.status).toBe(403);
    expect(String(refused.json['message'])).toBe(
      'OIDC token refused: repository acme/api has ID 9001, not 74 as when it was first seen: was it deleted and made again?',
    );
    expect(events(first, 'api.oidc_refused')).toMatchObject([{ actor: 'oidc:acme/api', repository: 'acme/api', repositoryId: '9001', path: '/api/v1/clean-runs' }]);
    // Nor can it read the original repository's review.
    expect((await api(first.url, remade, 'GET', `/api/v1/reviews/${String(created.json['id'])}`)).status).toBe(403);
    await first.close();

    const second = await server({}, shared);
    const spelled = await issuer.token({ repository: 'ACME/Api', repository_id: '9001' }, { audience: AUDIENCE });
    expect((await api(second.url, remade, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: SHA })).status).toBe(403);
    expect((await api(second.url, spelled, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: SHA })).status).toBe(403);
    expect((await api(second.url, original, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: SHA })).status).toBe(201);
    // Another repository is pinned on its own.
    const web = await issuer.token({ repository: 'acme/web', repository_id: '75' }, { audience: AUDIENCE });
    expect((await api(second.url, web, 'POST', '/api/v1/clean-runs', { repository: 'acme/web', sha: SHA })).status).toBe(201);
    expect(count(second, 'clean_runs')).toBe(2);

    // An operator who made the repository again on purpose forgets the old ID; the next token pins the new one.
    const cli = async (...argv: string[]) => {
      let out = '';
      const code = await oidcCommand([...argv, '--db', second.dbPath], { out: (s) => void (out += s), err: (s) => void (out += s) });
      return { code, out };
    };
    expect(await cli('unpin', 'acme/nothing')).toEqual({ code: 1, out: 'secretgate oidc: no repository_id is pinned for acme/nothing\n' });
    expect(await cli('unpin', 'acme/api')).toEqual({ code: 0, out: 'Unpinned acme/api (repository_id 74); the next OIDC token for it pins its ID again.\n' });
    expect((await api(second.url, remade, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: LATER })).status).toBe(201);
    expect((await api(second.url, original, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: LATER })).status).toBe(403);
    const pins = await cli('pins');
    expect(pins.code).toBe(0);
    expect(pins.out).toMatch(/^acme\/api\t9001\t\S+\nacme\/web\t75\t\S+\n$/);
    expect(events(second, 'oidc.repository_unpinned')).toEqual([{ actor: expect.stringMatching(/^cli:/), repository: 'acme/api', repositoryId: '74' }]);
    expect(verifyAuditChain(second.db()).ok).toBe(true);
  });

  it('refuses a token without a repository_id claim', async () => {
    const t = await server();
    const jwt = await issuer.token({ repository: 'acme/api', repository_id: undefined }, { audience: AUDIENCE });
    const r = await api(t.url, jwt, 'POST', '/api/v1/clean-runs', { repository: 'acme/api', sha: SHA });
    expect(r.status).toBe(403);
    expect(String(r.json['message'])).toContain('its repository_id claim is missing');
    expect(count(t, 'oidc_repositories')).toBe(0);
  });
});
