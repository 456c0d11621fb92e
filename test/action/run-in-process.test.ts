// The Action's flow imported and run in this process (action/run.ts, what dist/index.js runs),
// with the runner's environment, against a real repository and the real server with its Slack
// stand-in: a finding opens a review that a Block in "Slack" decides; a clean scan is reported.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../action/run.js';
import { getFindings } from '../../server/store/reviews.js';
import { planted } from '../support/planted.js';
import { startTestServer, type TestServer } from '../support/server-harness.js';
import { click, scenario } from '../support/gate-scenario.js';
import { removeDir } from '../support/git-fixture.js';
import { parseOutputFile, runnerEnvironment } from '../support/run-action.js';

let server: TestServer;
let stdout: string;
const dirs: string[] = [];
const saved = { GITHUB_OUTPUT: process.env.GITHUB_OUTPUT, GITHUB_STEP_SUMMARY: process.env.GITHUB_STEP_SUMMARY };

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  stdout = '';
  // The step's log: @actions/core writes its commands and lines to standard output.
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  // core.setFailed sets the exit code of the process it runs in: here, the test's.
  process.exitCode = 0;
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  for (const d of dirs.splice(0)) removeDir(d);
});

/** The runner's environment for the step; core's outputs and summary go where it says (process-wide). */
function prepare(s: ReturnType<typeof scenario>) {
  const runner = runnerEnvironment(s.options);
  dirs.push(s.repo, runner.runnerTemp);
  process.env.GITHUB_OUTPUT = runner.files.output;
  process.env.GITHUB_STEP_SUMMARY = runner.files.summary;
  return runner;
}

async function lineOf(pattern: RegExp): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const line = stdout.split('\n').find((l) => pattern.test(l));
    if (line !== undefined) return line;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no line matching ${pattern} in:\n${stdout}`);
}

describe('run() in-process', () => {
  it('opens a review for a planted token, waits, and fails the step on a Block', async () => {
    const s = scenario(server);
    const runner = prepare(s);

    const outcome = run(runner.env);
    const id = decodeURIComponent((await lineOf(/Review opened: \S+/)).trim().split('/').pop()!);
    await click(server, id, 'block', { reason: 'a live token' });

    expect(await outcome).toMatchObject({ passed: false, decision: 'rejected' });
    expect(process.exitCode).toBe(1);
    expect(stdout).toMatch(/^::error::/m);
    const outputs = parseOutputFile(readFileSync(runner.files.output, 'utf8'));
    expect(outputs).toMatchObject({ decision: 'rejected', findings: '1' });
    expect(outputs['review-url']).toContain(id);

    // The finding reached the server with its rule's provider, and without its value.
    const [finding] = getFindings(server.db(), id);
    expect(finding).toMatchObject({ ruleId: 'github-pat', provider: 'github', file: 'src/config.js', commit: s.after });
    expect(JSON.stringify(finding)).not.toContain(planted.githubPat);
    // The value is masked before anything prints it, and printed nowhere else.
    const lines = stdout.split('\n');
    expect(lines).toContain(`::add-mask::${planted.githubPat}`);
    expect(lines.filter((l) => !l.startsWith('::add-mask::')).join('\n')).not.toContain(planted.githubPat);
  });

  it('passes a push with nothing to find and reports the clean scan to the server', async () => {
    const s = scenario(server, 'export const greeting = "hello";\n');
    const runner = prepare(s);

    expect(await run(runner.env)).toMatchObject({ passed: true, decision: 'clean' });
    expect(process.exitCode ?? 0).toBe(0);
    expect(parseOutputFile(readFileSync(runner.files.output, 'utf8'))).toMatchObject({ decision: 'clean', findings: '0' });
    expect(stdout).toContain(`Reported the clean scan of ${s.after.slice(0, 12)} to the approval server.`);
    const row = server.db().prepare('SELECT repository, sha FROM clean_runs WHERE sha = ?').get<{ repository: string; sha: string }>(s.after);
    expect(row).toEqual({ repository: s.repository, sha: s.after });
  });
});
