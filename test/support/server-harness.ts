// Runs the approval server for tests: in-process on a loopback port (startTestServer) or as
// a child process of `node` or `deno` running build/server/main.js (spawnServer), each with a
// real SQLite file in a temp directory and Slack pointed at a SlackStandIn.
//
//   const t = await startTestServer();               // server + stand-in + temp db
//   const r = await createReview(t.url, t.apiToken, reviewRequest({ repository: 'acme/api' }));
//   await t.close();
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CreateReviewRequest, ReviewResponse } from '../../shared/contract.js';
import { loadConfig } from '../../server/config/index.js';
import { createLogger } from '../../server/log.js';
import { startServer, type RunningServer, type ServerOverrides } from '../../server/server.js';
import { SlackStandIn } from './slack-standin.js';
import { tempDir } from './temp-dir.js';

export const TEST_API_TOKEN = 'sg-test-token-0123456789abcdef';
export const TEST_BOT_TOKEN = 'xoxb-1111-2222-standintokenvalue';
export const TEST_SIGNING_SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
export const TEST_CHANNEL = 'C0REVIEWS';
/** An approver by user ID. */
export const APPROVER = 'U0APPROVER';
/** An approver through the user group TEST_GROUP. */
export const GROUP_MEMBER = 'U0GROUPIE';
export const TEST_GROUP = 'S0SECURITY';
export const INTRUDER = 'U0INTRUDER';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export { tempDir };

/** The environment a test server runs with; override any variable. */
export function testEnv(slackApiUrl: string, dbPath: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    SECRETGATE_DB: dbPath,
    SECRETGATE_PUBLIC_URL: 'https://secretgate.example.test/',
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_CHANNEL: TEST_CHANNEL,
    SLACK_API_URL: slackApiUrl,
    SECRETGATE_APPROVERS: `${APPROVER},${TEST_GROUP}`,
    SECRETGATE_API_TOKENS: TEST_API_TOKEN,
    // Bursts of test reviews go out at once; test/server/slack/ checks the one-per-second pacing.
    SECRETGATE_SLACK_POST_INTERVAL_MS: '0',
    ...extra,
  };
}

let counter = 0;

/** A valid CreateReviewRequest with one finding; each call gets a fresh key and fingerprint. */
export function reviewRequest(overrides: Partial<CreateReviewRequest> = {}): CreateReviewRequest {
  counter++;
  const n = `${process.pid}-${Date.now()}-${counter}`;
  return {
    idempotencyKey: `run-${n}`,
    repository: 'acme/api',
    ref: 'refs/heads/main',
    headSha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    actor: 'octocat',
    timeoutSeconds: 600,
    findings: [
      {
        ruleId: 'github-pat',
        description: 'GitHub personal access token',
        severity: 'high',
        file: 'config/settings.yml',
        line: 12,
        commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
        author: 'Octo Cat',
        redacted: 'ghp_Ab…(40)',
        fingerprint: `sha256:${Buffer.from(n).toString('hex').padEnd(32, '0')}`,
      },
    ],
    ...overrides,
  };
}

/**
 * A commit SHA no other review names. A Block is final for its commit on the whole server, so a
 * test that blocks (or must not see another test's Block) puts its review on a commit of its own.
 */
export function freshSha(): string {
  counter++;
  return createHash('sha1').update(`${process.pid}-${Date.now()}-${counter}`).digest('hex');
}

export interface TestServer {
  url: string;
  server: RunningServer;
  slack: SlackStandIn;
  dir: string;
  dbPath: string;
  apiToken: string;
  signingSecret: string;
  /** Every log line the server wrote. */
  logs: string[];
  /** The server's open database. */
  db(): RunningServer['db'];
  close(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  overrides?: ServerOverrides;
  slack?: SlackStandIn;
  dir?: string;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const slack = options.slack ?? (await SlackStandIn.start({ token: TEST_BOT_TOKEN, userGroups: { [TEST_GROUP]: [GROUP_MEMBER] } }));
  const dir = options.dir ?? tempDir();
  const dbPath = join(dir, 'secretgate.db');
  const config = loadConfig(testEnv(slack.apiUrl, dbPath, options.env));
  const logs: string[] = [];
  const server = await startServer(config, {
    logger: createLogger({ level: 'debug', write: (l) => void logs.push(l) }),
    outboxBaseBackoffMs: 50,
    ...options.overrides,
  });
  return {
    url: server.url,
    server,
    slack,
    dir,
    dbPath,
    apiToken: TEST_API_TOKEN,
    signingSecret: TEST_SIGNING_SECRET,
    logs,
    db: () => server.db,
    async close() {
      await server.close();
      if (!options.slack) await slack.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function api(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export async function createReview(url: string, token: string, req: CreateReviewRequest): Promise<{ status: number; review: ReviewResponse }> {
  const r = await api(url, token, 'POST', '/api/v1/reviews', req);
  if (r.status !== 200 && r.status !== 201) throw new Error(`create review answered ${r.status}: ${JSON.stringify(r.json)}`);
  return { status: r.status, review: r.json as unknown as ReviewResponse };
}

export interface SpawnedServer {
  proc: ChildProcess;
  url: string;
  port: number;
  /** stdout lines so far. */
  logs: string[];
  stderr: string[];
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

/**
 * Starts `build/server/main.js` in a child process (run `npm run prepare` first) and waits for
 * its `listening` log line. `runtime: 'deno'` runs it under the deno binary from node_modules.
 */
export async function spawnServer(env: Record<string, string>, runtime: 'node' | 'deno' = 'node', timeoutMs = 20_000): Promise<SpawnedServer> {
  const entry = join(repoRoot, 'build/server/main.js');
  // Under npm the suite may run on a Node other than the one that built better-sqlite3 (a
  // `node` in node_modules/.bin shadows it); npm_node_execpath is the Node that installed it.
  const node = process.env['SECRETGATE_TEST_NODE'] ?? process.env['npm_node_execpath'] ?? process.execPath;
  const cmd = runtime === 'node' ? node : join(repoRoot, 'node_modules/deno/deno');
  const args = runtime === 'node' ? [entry] : ['run', '--allow-all', '--quiet', entry];
  const proc = spawn(cmd, args, {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', DENO_NO_UPDATE_CHECK: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<number | string>((res) => proc.on('exit', (code, signal) => res(code ?? signal ?? -1)));
  let buffered = '';
  const listening = new Promise<number>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start in ${timeoutMs} ms; stderr: ${stderr.join('')}`)), timeoutMs);
    proc.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        logs.push(line);
        try {
          const o = JSON.parse(line) as { msg?: string; port?: number };
          if (o.msg === 'listening' && o.port) {
            clearTimeout(timer);
            res(o.port);
          }
        } catch {
          // Not a log line; kept in logs anyway.
        }
      }
    });
    proc.stderr!.on('data', (c: Buffer) => void stderr.push(c.toString('utf8')));
    void exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`server exited (${code}) before listening; stderr: ${stderr.join('')}`));
    });
  });
  const port = await listening;
  return { proc, url: `http://127.0.0.1:${port}`, port, logs, stderr, exited };
}
