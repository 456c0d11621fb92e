// Approval server benchmark: the compiled server in a child process (real SQLite file, Slack
// stand-in), 1,000 long-polls held open throughout, then status reads/s, review creations/s
// (with p99 latency), and decision-to-wake latency (click sent → held long-poll answered).
// Prints each figure against its target. Run: npm run bench:server
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SlackStandIn } from '../support/slack-standin.js';
import { startServerProcess as startServer } from './server-process.js';
import { blockActionPayload, interactionBody, signedHeaders } from '../support/slack-signing.js';
import { reviewRequest, testEnv, TEST_API_TOKEN, TEST_BOT_TOKEN, APPROVER } from '../support/server-harness.js';

const HELD_POLLS = 1000;
const CONCURRENCY = 64;
const PHASE_MS = 5000;
const WAKE_SAMPLES = 300;

const agent = new Agent({ keepAlive: true, maxSockets: HELD_POLLS + CONCURRENCY + 50 });

interface Reply {
  status: number;
  body: string;
}

function call(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const auth = { authorization: `Bearer ${TEST_API_TOKEN}` };
const json = { ...auth, 'content-type': 'application/json' };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `op` from CONCURRENCY loops for PHASE_MS; returns ops/s and sorted latencies (ms). */
async function load(op: () => Promise<void>): Promise<{ perSecond: number; latencies: number[] }> {
  const latencies: number[] = [];
  const end = performance.now() + PHASE_MS;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await op();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / seconds, latencies };
}

/** The same read and insert load against the plain peer (see peer-server.ts). */
async function measurePeer(dir: string): Promise<{ reads: number; inserts: number }> {
  const peer = await startServer({ PEER_DB: join(dir, 'peer.db') }, 'build/test/bench/peer-server.js');
  try {
    const ids: string[] = [];
    for (let i = 0; i < HELD_POLLS; i++) {
      ids.push((JSON.parse((await call(peer.port, 'POST', '/r', json, JSON.stringify(reviewRequest()))).body) as { id: string }).id);
    }
    let n = 0;
    const reads = await load(async () => {
      const r = await call(peer.port, 'GET', `/r/${ids[n++ % ids.length]}`, auth);
      if (r.status !== 200) throw new Error(`peer read answered ${r.status}`);
    });
    const inserts = await load(async () => {
      const r = await call(peer.port, 'POST', '/r', json, JSON.stringify(reviewRequest()));
      if (r.status !== 201) throw new Error(`peer insert answered ${r.status}`);
    });
    return { reads: reads.perSecond, inserts: inserts.perSecond };
  } finally {
    await peer.stop();
  }
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0]!;
  const slack = await SlackStandIn.start({ token: TEST_BOT_TOKEN });
  const dir = mkdtempSync(join(tmpdir(), 'secretgate-bench-'));
  // Logs at info, as in production: every creation and post writes a line. One caller holds
  // all 1,000 polls and creates thousands of reviews, past the per-caller caps that guard a
  // shared server: lift them, since the caps are not what is measured.
  const env = testEnv(slack.apiUrl, join(dir, 'bench.db'), {
    SECRETGATE_LOG_LEVEL: 'info',
    SECRETGATE_MAX_WAITS_PER_CALLER: String(HELD_POLLS * 2),
    SECRETGATE_MAX_PENDING_PER_CALLER: '1000000',
  });
  const peer = await measurePeer(dir);
  const server = await startServer(env);
  const { port } = server;
  let stopping = false;

  try {
    // 1,000 pending reviews, each with a long-poll held open (re-issued when its 60 s run out).
    const held: string[] = [];
    for (let i = 0; i < HELD_POLLS; i++) {
      const r = await call(port, 'POST', '/api/v1/reviews', json, JSON.stringify(reviewRequest({ timeoutSeconds: 3600 })));
      if (r.status !== 201) throw new Error(`creating a held review answered ${r.status}: ${r.body.slice(0, 200)}`);
      held.push((JSON.parse(r.body) as { id: string }).id);
    }
    const waiting = new Map<string, (ms: number) => void>();
    const hold = (id: string): void => {
      void call(port, 'GET', `/api/v1/reviews/${id}?wait=60`, auth).then(
        (r) => {
          const status = (JSON.parse(r.body) as { status: string }).status;
          const woke = waiting.get(id);
          if (woke && status !== 'pending') {
            waiting.delete(id);
            woke(performance.now());
          } else if (!stopping) hold(id);
        },
        () => undefined,
      );
    };
    for (const id of held) hold(id);
    // Steady state: the 1,000 review messages are posted before reads are measured.
    await slack.waitFor((x) => x.delivered('chat.postMessage').length >= HELD_POLLS, 120_000, 'the review posts');
    await new Promise((r) => setTimeout(r, 500));

    // Status reads (no wait) on held reviews.
    let n = 0;
    const reads = await load(async () => {
      const r = await call(port, 'GET', `/api/v1/reviews/${held[n++ % held.length]}`, auth);
      if (r.status !== 200) throw new Error(`read answered ${r.status}`);
    });

    // Review creations (each queues a Slack post the worker delivers meanwhile).
    const creations = await load(async () => {
      const r = await call(port, 'POST', '/api/v1/reviews', json, JSON.stringify(reviewRequest({ timeoutSeconds: 3600 })));
      if (r.status !== 201) throw new Error(`create answered ${r.status}: ${r.body}`);
    });

    // Decision-to-wake: one signed click at a time on a review whose long-poll is held.
    const wakes: number[] = [];
    for (const id of held.slice(0, WAKE_SAMPLES)) {
      const woken = new Promise<number>((resolve) => waiting.set(id, resolve));
      const body = interactionBody(blockActionPayload({ reviewId: id, button: 'false_positive', userId: APPROVER }));
      const headers = signedHeaders(env['SLACK_SIGNING_SECRET']!, body);
      const t0 = performance.now();
      const click = await call(port, 'POST', '/slack/interactions', headers, body);
      if (click.status !== 200) throw new Error(`click answered ${click.status}`);
      wakes.push((await woken) - t0);
    }
    wakes.sort((a, b) => a - b);

    const fmt = (x: number) => x.toFixed(x < 10 ? 2 : 0);
    const line = (label: string, value: number, unit: string, target: number, higherIsBetter: boolean, peerValue?: number) => {
      const ratio = higherIsBetter ? value / target : target / value;
      const vsPeer = peerValue ? `, ${(value / peerValue).toFixed(2)}× the plain peer's ${fmt(peerValue)}` : '';
      console.log(
        `${label.padEnd(30)} ${fmt(value).padStart(8)} ${unit.padEnd(3)} target ${higherIsBetter ? '≥' : '≤'} ${target}: ${ratio.toFixed(2)}× target ${ratio >= 1 ? 'ok' : 'BELOW'}${vsPeer}`,
      );
    };
    console.log(
      `secretgate server benchmark: ${String(server.info['runtime'])} ${process.version}, sqlite driver ${String(server.info['sqlite'])}, ` +
        `${HELD_POLLS} long-polls held, ${CONCURRENCY} concurrent clients, ${PHASE_MS / 1000} s per phase, ` +
        `load average ${loadBefore.toFixed(1)} before / ${loadavg()[0]!.toFixed(1)} after on ${cpus().length} cores`,
    );
    line('status reads/s', reads.perSecond, '/s', 10_000, true, peer.reads);
    console.log(`${'  read latency p50 / p99'.padEnd(30)} ${fmt(percentile(reads.latencies, 50))} / ${fmt(percentile(reads.latencies, 99))} ms`);
    line('review creations/s', creations.perSecond, '/s', 2_000, true, peer.inserts);
    console.log(`${'  creation latency p50 / p99'.padEnd(34)} ${fmt(percentile(creations.latencies, 50))} / ${fmt(percentile(creations.latencies, 99))} ms`);
    console.log(`${'decision-to-wake p50'.padEnd(34)} ${fmt(percentile(wakes, 50)).padStart(9)} ms`);
    line('decision-to-wake p95', percentile(wakes, 95), 'ms', 20, false);
    console.log(`(${wakes.length} wakes measured; Slack stand-in received ${slack.delivered('chat.postMessage').length} posts during the run)`);
  } finally {
    stopping = true;
    await server.stop();
    await slack.close();
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
