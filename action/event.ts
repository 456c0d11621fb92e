// The parts of the runner's environment the Action needs: who ran it, on what, for which event.
// Read by hand instead of through @actions/github's context: that import pulls in Octokit,
// which costs start-up time on every run and is not needed to read one JSON file.
import { readFileSync } from 'node:fs';

/** Only the webhook payload fields the Action reads; GitHub sends many more. */
export interface EventPayload {
  before?: string;
  after?: string;
  ref?: string;
  created?: boolean;
  deleted?: boolean;
  forced?: boolean;
  pusher?: { name?: string };
  sender?: { login?: string };
  pull_request?: {
    number: number;
    html_url?: string;
    base: { sha: string; ref: string };
    head: { sha: string; ref: string };
  };
  merge_group?: { base_sha: string; head_sha: string; head_ref?: string };
  repository?: { full_name?: string; default_branch?: string };
}

export interface RunnerContext {
  eventName: string;
  payload: EventPayload;
  /** `owner/name`. */
  repository: string;
  /** The commit the workflow runs on (for pull_request: the test merge commit). */
  sha: string;
  ref: string;
  actor?: string;
  runId: string;
  runAttempt: string;
  /** The job's and the step's IDs (GITHUB_JOB, GITHUB_ACTION): a review belongs to one step. */
  job?: string;
  step?: string;
  /** `https://github.com/owner/name/actions/runs/123`, when the runner says where it is. */
  runUrl?: string;
  workspace: string;
  runnerTemp: string;
}

export function readRunnerContext(env: NodeJS.ProcessEnv = process.env): RunnerContext {
  const eventName = required(env, 'GITHUB_EVENT_NAME');
  const repository = required(env, 'GITHUB_REPOSITORY');
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) {
    throw new Error(`Invalid GITHUB_REPOSITORY '${repository}'. Expected format {owner}/{repo}.`);
  }
  const runId = required(env, 'GITHUB_RUN_ID');
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  return {
    eventName,
    payload: readPayload(env.GITHUB_EVENT_PATH),
    repository,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    actor: env.GITHUB_TRIGGERING_ACTOR || env.GITHUB_ACTOR || undefined,
    runId,
    runAttempt: env.GITHUB_RUN_ATTEMPT || '1',
    job: env.GITHUB_JOB || undefined,
    step: env.GITHUB_ACTION || undefined,
    runUrl: `${serverUrl}/${repository}/actions/runs/${runId}`,
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    runnerTemp: env.RUNNER_TEMP || env.TMPDIR || '/tmp',
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set. secretgate runs as a GitHub Action step; use \`secretgate scan\` elsewhere.`);
  return value;
}

function readPayload(path: string | undefined): EventPayload {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`Cannot read the event payload at GITHUB_EVENT_PATH '${path}': ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text) as EventPayload;
  } catch {
    throw new Error(`The event payload at GITHUB_EVENT_PATH '${path}' is not valid JSON.`);
  }
}
