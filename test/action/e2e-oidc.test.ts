// The Action without api-token: it authenticates with the job's GitHub OIDC token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server-harness.js';
import { click, reviewIdOf, scenario, start, type Scenario } from '../support/gate-scenario.js';
import { OidcStandIn } from '../support/oidc-standin.js';

let server: TestServer;
let oidc: OidcStandIn;
let claimRepository = '';
beforeAll(async () => {
  oidc = await OidcStandIn.start(() => claimRepository);
  server = await startTestServer({
    env: {
      SECRETGATE_OIDC_AUDIENCE: 'secretgate',
      SECRETGATE_OIDC_ISSUER: oidc.issuer,
      SECRETGATE_OIDC_ALLOWED_REPOS: 'acme/*',
    },
  });
});
afterAll(async () => {
  await server?.close();
  await oidc?.close();
});

function oidcScenario(): Scenario {
  const s = scenario(server, undefined, { 'api-token': '' });
  claimRepository = s.repository;
  s.options.env = oidc.runnerEnv;
  return s;
}

describe('dist/index.js with GitHub OIDC', () => {
  it('opens the review with the job OIDC token and waits for the decision', async () => {
    const s = oidcScenario();
    const action = start(s);
    await click(server, await reviewIdOf(action), 'false_positive');
    const result = await action.result;
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs.decision).toBe('false_positive');
    expect(oidc.requests.length).toBeGreaterThan(0);
    expect(oidc.requests.every((r) => r.authorized && r.audience === 'secretgate')).toBe(true);
  });

  it('is refused when the token was issued for another repository', async () => {
    const s = oidcScenario();
    claimRepository = 'acme/someone-else';
    const result = await start(s).result;
    expect(result.exitCode).toBe(1);
    expect(result.outputs.decision).toBe('error');
    // Refused at the first call: the fingerprint key of a repository the token was not issued for.
    expect(result.log).toMatch(/^::error::Fetching the fingerprint key failed: the approval server answered 403 forbidden/m);
  });

  it('says what to do when the job may not request an OIDC token', async () => {
    const s = scenario(server, undefined, { 'api-token': '' });
    const result = await start(s).result;
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain("::error::server-url is set but api-token is empty and the job cannot request a GitHub OIDC token. Set api-token, or add 'permissions: id-token: write' to the job.");
  });
});

describe('dist/index.js with GitHub OIDC and SECRETGATE_OIDC_WORKFLOWS', () => {
  const CENTRAL = 'acme/security/.github/workflows/secretgate.yml@refs/heads/main';
  let pinned: TestServer;
  let standin: OidcStandIn;
  let repository = '';
  let jobWorkflowRef = '';
  beforeAll(async () => {
    standin = await OidcStandIn.start(
      () => repository,
      () => ({ job_workflow_ref: jobWorkflowRef }),
    );
    pinned = await startTestServer({
      env: {
        SECRETGATE_OIDC_AUDIENCE: 'secretgate',
        SECRETGATE_OIDC_ISSUER: standin.issuer,
        SECRETGATE_OIDC_ALLOWED_REPOS: 'acme/*',
        SECRETGATE_OIDC_WORKFLOWS: CENTRAL,
      },
    });
  });
  afterAll(async () => {
    await pinned?.close();
    await standin?.close();
  });

  const cleanRuns = () => pinned.db().prepare('SELECT repository, reported_by FROM clean_runs').all<{ repository: string; reported_by: string }>();

  it('refuses a job whose workflow the pull request edited: no fingerprint key, no clean run, an audit event, the job fails', async () => {
    const s = scenario(pinned, 'export const answer = 42;\n', { 'api-token': '' });
    repository = s.repository;
    jobWorkflowRef = `${s.repository}/.github/workflows/ci.yml@refs/pull/7/merge`;
    s.options.env = standin.runnerEnv;
    const result = await start(s).result;
    // The job asks for its fingerprint key before it scans, and an untrusted workflow gets none.
    expect(result.exitCode, result.log).toBe(1);
    expect(result.outputs.decision, result.log).toBe('error');
    expect(result.log).toMatch(/403/);
    expect(result.log).toContain('is not in SECRETGATE_OIDC_WORKFLOWS');
    expect(cleanRuns().filter((r) => r.repository === s.repository)).toEqual([]);
    const refused = pinned.db().prepare("SELECT actor, data FROM audit_events WHERE type = 'api.oidc_refused'").all<{ actor: string; data: string }>();
    expect(refused.map((r) => [r.actor, JSON.parse(r.data).jobWorkflowRef])).toContainEqual([`oidc:${s.repository}`, jobWorkflowRef]);
  });

  it('accepts the same job run by the central workflow', async () => {
    const s = scenario(pinned, 'export const answer = 42;\n', { 'api-token': '' });
    repository = s.repository;
    jobWorkflowRef = CENTRAL;
    s.options.env = standin.runnerEnv;
    const result = await start(s).result;
    expect(result.exitCode, result.log).toBe(0);
    expect(result.log).toContain('Reported the clean scan');
    expect(cleanRuns().filter((r) => r.repository === s.repository)).toEqual([{ repository: s.repository, reported_by: `oidc:${s.repository}` }]);
  });
});
