// The bundled Action and the commit status: a clean scan is reported to the approval server,
// which sets the commit's `secretgate` status on GitHub (a stand-in) to success; a scan with
// findings leaves it to the review.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubStandIn } from '../support/github-standin.js';
import { startTestServer, tempDir, type TestServer } from '../support/server-harness.js';
import { click, reviewIdOf, scenario, start } from '../support/gate-scenario.js';
import { runAction } from '../support/run-action.js';

const GITHUB_TOKEN = 'ghp_standinTokenForTheActionTest01234';
let server: TestServer;
let gh: GitHubStandIn;
let dir: string;
beforeAll(async () => {
  dir = tempDir();
  gh = await GitHubStandIn.start({ token: GITHUB_TOKEN });
  // The stand-in serves GitHub's API at a GHES-style path; the runner's web host stays github.com.
  server = await startTestServer({ env: { GITHUB_API_URL: gh.apiUrl, GITHUB_SERVER_URL: 'https://github.com', GITHUB_TOKEN } });
});
afterAll(async () => {
  await server?.close();
  await gh?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dist/index.js and the secretgate commit status', () => {
  it('reports a clean scan, and the server sets success on the scanned commit', async () => {
    const s = scenario(server, 'export const answer = 42;\n');
    const result = await runAction(s.options);
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs.decision).toBe('clean');
    expect(result.log).toContain('Reported the clean scan');
    await gh.waitFor(() => gh.statusesOf(s.repository, s.after).length === 1, 10_000, 'the clean-run status');
    expect(gh.statusesOf(s.repository, s.after)).toMatchObject([{ state: 'success', context: 'secretgate', description: 'No secrets found' }]);
  });

  it('with findings, the review sets the status: pending, then success on false positive', async () => {
    const s = scenario(server);
    const action = start(s);
    const id = await reviewIdOf(action);
    await gh.waitFor(() => gh.statusesOf(s.repository, s.after).length === 1, 10_000, 'the pending status');
    await click(server, id, 'false_positive');
    const result = await action.result;
    expect(result.exitCode, result.log).toBe(0);
    expect(result.log).not.toContain('Reported the clean scan');
    await gh.waitFor(() => gh.statusesOf(s.repository, s.after).length === 2, 10_000, 'the success status');
    expect(gh.statusesOf(s.repository, s.after).map((x) => x.state)).toEqual(['pending', 'success']);
  });

  it('a server that cannot be reached for the clean report is a warning, not a failure', async () => {
    const s = scenario(server, 'export const answer = 42;\n', { 'server-url': 'http://127.0.0.1:9' });
    const result = await runAction(s.options);
    expect(result.exitCode, result.log).toBe(0);
    expect(result.log).toMatch(/^::warning::Reporting the clean scan failed: the approval server could not be reached/m);
  });
});
