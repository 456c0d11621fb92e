// `npm run bench:action`: how fast the bundled Action reacts to a decision, and what a run
// with nothing to find costs. Prints figures with the floor they are measured against; no
// pass/fail: the targets (click → exit p95 ≤ 300 ms, clean run ≤ 400 ms) are read by people.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { click, reviewIdOf, scenario, start } from '../support/gate-scenario.js';
import { commit, initRepo, removeDir } from '../support/git-fixture.js';
import { runAction, runnerNode } from '../support/run-action.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SlackStandIn } from '../support/slack-standin.js';
import { testEnv, TEST_API_TOKEN, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../support/server-harness.js';
import { startServerProcess } from './server-process.js';

const clicks = Number(process.env.BENCH_CLICKS ?? 20);
const cleanRuns = Number(process.env.BENCH_RUNS ?? 15);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (v: number) => `${v.toFixed(0)} ms`;

async function clickToExit(): Promise<{ latencies: number[]; acks: number[] }> {
  // The server in a process of its own, as in production: its work after a decision (Slack
  // updates, statuses, audit) must not delay this process noticing the job's exit.
  const slack = await SlackStandIn.start({ token: TEST_BOT_TOKEN });
  const dir = mkdtempSync(join(tmpdir(), 'secretgate-bench-action-'));
  // At info: the process is known to be up by its `listening` line.
  const proc = await startServerProcess(testEnv(slack.apiUrl, join(dir, 'bench.db'), { SECRETGATE_LOG_LEVEL: 'info' }));
  const server = { url: proc.url, apiToken: TEST_API_TOKEN, signingSecret: TEST_SIGNING_SECRET, slack };
  const latencies: number[] = [];
  // The floor: the click's own round trip (Slack → server → 200), which no Action can beat.
  const acks: number[] = [];
  try {
    for (let i = 0; i < clicks; i++) {
      const s = scenario(server);
      const action = start(s);
      const id = await reviewIdOf(action);
      // Let the long-poll settle on the server, as it would while a person reads the message.
      await new Promise((r) => setTimeout(r, 100));
      const clicked = performance.now();
      const exited = action.result.then(() => performance.now());
      await click(server, id, i % 2 === 0 ? 'false_positive' : 'block');
      acks.push(performance.now() - clicked);
      latencies.push((await exited) - clicked);
      removeDir(s.repo);
    }
  } finally {
    await proc.stop();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { latencies, acks };
}

async function cleanRun(): Promise<{ runs: number[]; nodeStart: number[] }> {
  const repo = initRepo();
  const before = commit(repo, 'initial', { 'README.md': '# widgets\n' });
  const after = commit(repo, 'one commit', { 'src/app.js': 'export const greet = (name) => `hello ${name}`;\n' });
  const runs: number[] = [];
  const nodeStart: number[] = [];
  try {
    for (let i = 0; i < cleanRuns; i++) {
      const result = await runAction({ workspace: repo, eventName: 'push', payload: { ref: 'refs/heads/main', before, after }, sha: after });
      if (result.exitCode !== 0) throw new Error(`the clean run failed:\n${result.log}`);
      runs.push(result.durationMs);
      const t = performance.now();
      execFileSync(runnerNode, ['-e', '0']);
      nodeStart.push(performance.now() - t);
    }
  } finally {
    removeDir(repo);
  }
  return { runs, nodeStart };
}

const version = execFileSync(runnerNode, ['--version'], { encoding: 'utf8' }).trim();
console.log(`secretgate Action benchmark (dist/index.js on node ${version})`);
const { latencies, acks } = await clickToExit();
console.log(
  `signed click → job exit, ${clicks} reviews: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, max ${ms(Math.max(...latencies))}  (target p95 ≤ 300 ms; the click's own round trip p50 ${ms(percentile(acks, 50))}, ratio ${(percentile(latencies, 50) / percentile(acks, 50)).toFixed(1)}×)`,
);
const { runs, nodeStart } = await cleanRun();
const p50 = percentile(runs, 50);
const floor = percentile(nodeStart, 50);
console.log(
  `run with no findings on one commit, ${cleanRuns} runs: p50 ${ms(p50)}, p95 ${ms(percentile(runs, 95))}  (target ≤ 400 ms; bare node start p50 ${ms(floor)}, ratio ${(p50 / floor).toFixed(1)}×)`,
);
