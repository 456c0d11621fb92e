// The Action without api-token: it authenticates with the job's GitHub OIDC token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server-harness.js';
import { click, reviewIdOf, scenario, start, type Scenario } from './support/gate-scenario.js';
import { OidcStandIn } from './support/oidc-standin.js';

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
