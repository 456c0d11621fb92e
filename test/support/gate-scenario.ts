// A real approval server (temp SQLite, Slack stand-in) and helpers to run the bundled Action
// against it on a real repository, and to click in "Slack" as a person would.
import { existsSync, readFileSync } from 'node:fs';
import type { ReviewResponse } from '../../shared/contract.js';
import { planted } from './planted.js';
import { api, APPROVER, type TestServer } from './server-harness.js';
import { clickThrough, type SlackTarget } from './slack-clicks.js';
import type { Button } from './slack-signing.js';
import { commit, initRepo } from './git-fixture.js';
import { startAction, type ActionProcess, type ActionRunOptions } from './run-action.js';

export interface Scenario {
  repo: string;
  repository: string;
  before: string;
  after: string;
  options: ActionRunOptions;
}

let counter = 0;

/** A repository whose last commit adds `source` (default: one planted GitHub token). */
export function scenario(server: Pick<TestServer, 'url' | 'apiToken'>, source = `export const token = "${planted.githubPat}";\n`, inputs: Record<string, string> = {}): Scenario {
  const repo = initRepo();
  const before = commit(repo, 'initial', { 'README.md': '# widgets\n' });
  const after = commit(repo, 'add config', { 'src/config.js': source });
  // A repository of its own per scenario: decisions are remembered per repository.
  const repository = `acme/widgets-${process.pid}-${++counter}`;
  return {
    repo,
    repository,
    before,
    after,
    options: {
      workspace: repo,
      eventName: 'push',
      payload: { ref: 'refs/heads/main', before, after, created: false, deleted: false, forced: false, repository: { full_name: repository } },
      sha: after,
      repository,
      runId: String(1000 + counter),
      inputs: { 'server-url': server.url, 'api-token': server.apiToken, timeout: '2m', ...inputs },
    },
  };
}

export function start(s: Scenario, overrides: Partial<ActionRunOptions> = {}): ActionProcess {
  return startAction({ ...s.options, ...overrides });
}

/** The review ID from the line the Action prints when it opens a review. */
export async function reviewIdOf(action: ActionProcess): Promise<string> {
  const line = await action.waitForLine(/Review opened: \S+/);
  return decodeURIComponent(line.trim().split('/').pop()!);
}

/**
 * A signed click on one of the review message's buttons; Approve and Block also submit the
 * reason modal they open (with `reason`). Throws unless the server answers `expectStatus` (200),
 * so a refused click fails a test at once rather than by a timeout. Returns the last answer.
 */
export async function click(
  server: SlackTarget,
  reviewId: string,
  button: Button,
  options: { userId?: string; signingSecret?: string; reason?: string; expectStatus?: number } = {},
): Promise<Response> {
  const userId = options.userId ?? APPROVER;
  const { click: res, submission } = await clickThrough(server, {
    reviewId,
    button,
    userId,
    ...(options.signingSecret ? { signingSecret: options.signingSecret } : {}),
    ...(options.reason ? { reason: options.reason } : {}),
  });
  if (res.status !== (options.expectStatus ?? 200)) throw new Error(`the click was answered ${res.status}: ${await res.text()}`);
  if (submission && submission.status !== 200) throw new Error(`the modal submission was answered ${submission.status}: ${await submission.text()}`);
  return submission ?? res;
}

export async function reviewOnServer(server: TestServer, id: string): Promise<ReviewResponse> {
  const r = await api(server.url, server.apiToken, 'GET', `/api/v1/reviews/${encodeURIComponent(id)}`);
  return r.json as unknown as ReviewResponse;
}

/** The database file and its WAL as text, to search for values that must not be there. */
export function databaseBytes(dbPath: string): string {
  return [dbPath, `${dbPath}-wal`, `${dbPath}-journal`]
    .filter((p) => existsSync(p))
    .map((p) => readFileSync(p).toString('latin1'))
    .join('\n');
}
