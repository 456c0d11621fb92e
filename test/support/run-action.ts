// Runs the bundled Action (dist/index.js) the way GitHub's runner does: a child process with
// INPUT_* (defaults from action.yml), the GITHUB_* files and variables, cwd = the workspace.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureNode24 } from './node24.js';
import { tempDir } from './git-fixture.js';

// The repository root, whether this runs from test/ (vitest) or from build/test/ (benchmarks, demo).
function findRoot(dir: string): string {
  while (!existsSync(join(dir, 'action.yml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (action.yml)');
    dir = up;
  }
  return dir;
}
const root = findRoot(import.meta.dirname);
export const distEntry = join(root, 'dist/index.js');
/** Node 24, as `runs.using: node24` gets on the runner (installed on first use). */
export const runnerNode = ensureNode24();

export interface ActionRunOptions {
  workspace: string;
  eventName: string;
  payload: object;
  inputs?: Record<string, string>;
  sha?: string;
  ref?: string;
  repository?: string;
  runId?: string;
  runAttempt?: string;
  env?: Record<string, string>;
  node?: string;
}

export interface ActionResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** What the runner would show: stdout and stderr without the `::add-mask::` commands it consumes. */
  log: string;
  /** Values passed to `::add-mask::`. */
  masked: string[];
  outputs: Record<string, string>;
  summary: string;
  runnerTemp: string;
  durationMs: number;
}

export interface ActionProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the first stdout line matching `pattern`. */
  waitForLine(pattern: RegExp): Promise<string>;
  result: Promise<ActionResult>;
}

/** Every input's default from action.yml, as the runner fills INPUT_* from them. */
export function actionDefaults(): Record<string, string> {
  const text = readFileSync(join(root, 'action.yml'), 'utf8');
  const section = text.split(/^inputs:\n/m)[1]?.split(/^\S/m)[0] ?? '';
  const defaults: Record<string, string> = {};
  let current: string | undefined;
  for (const line of section.split('\n')) {
    const name = /^ {2}([\w-]+):\s*$/.exec(line);
    if (name) current = name[1];
    const value = /^ {4}default:\s*(.*)$/.exec(line);
    if (current && value) defaults[current] = value[1]!.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
  }
  return defaults;
}

export interface RunnerFiles {
  event: string;
  output: string;
  summary: string;
  state: string;
  env: string;
  path: string;
}

/** The step's environment as the runner sets it (INPUT_*, GITHUB_*, RUNNER_*), and the files it names. */
export function runnerEnvironment(options: ActionRunOptions): { env: Record<string, string>; files: RunnerFiles; runnerTemp: string } {
  const runnerTemp = tempDir('secretgate-runner-');
  const files: RunnerFiles = {
    event: join(runnerTemp, 'event.json'),
    output: join(runnerTemp, 'output.txt'),
    summary: join(runnerTemp, 'summary.md'),
    state: join(runnerTemp, 'state.txt'),
    env: join(runnerTemp, 'env.txt'),
    path: join(runnerTemp, 'path.txt'),
  };
  mkdirSync(runnerTemp, { recursive: true });
  writeFileSync(files.event, JSON.stringify(options.payload));
  for (const f of [files.output, files.summary, files.state, files.env, files.path]) writeFileSync(f, '');
  const repository = options.repository ?? 'acme/widgets';
  const inputs = { ...actionDefaults(), ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: runnerTemp,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0]!,
    GITHUB_RUN_ID: options.runId ?? String(Date.now()),
    GITHUB_RUN_ATTEMPT: options.runAttempt ?? '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_JOB: 'secretgate',
    GITHUB_ACTION: '__secretgate',
    GITHUB_ACTOR: 'octocat',
    GITHUB_TRIGGERING_ACTOR: 'octocat',
    GITHUB_WORKFLOW: 'secretgate',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_SHA: options.sha ?? '',
    GITHUB_REF: options.ref ?? 'refs/heads/main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return { env, files, runnerTemp };
}

export function startAction(options: ActionRunOptions): ActionProcess {
  const { env, files, runnerTemp } = runnerEnvironment(options);
  const started = performance.now();
  const child = spawn(options.node ?? runnerNode, [distEntry], { cwd: options.workspace, env });
  let stdout = '';
  let stderr = '';
  const lineWaiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const w of [...lineWaiters]) {
      const line = stdout.split('\n').find((l) => w.pattern.test(l));
      if (line !== undefined) {
        lineWaiters.splice(lineWaiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const result = new Promise<ActionResult>((resolvePromise) => {
    child.on('close', (exitCode, signal) => {
      const durationMs = performance.now() - started;
      const all = `${stdout}\n${stderr}`.split('\n');
      const masked = all.filter((l) => l.startsWith('::add-mask::')).map((l) => l.slice('::add-mask::'.length));
      resolvePromise({
        exitCode,
        signal,
        stdout,
        stderr,
        log: all.filter((l) => !l.startsWith('::add-mask::')).join('\n'),
        masked,
        outputs: parseOutputFile(readFileSync(files.output, 'utf8')),
        summary: readFileSync(files.summary, 'utf8'),
        runnerTemp,
        durationMs,
      });
    });
  });
  return {
    child,
    result,
    waitForLine(pattern) {
      const line = stdout.split('\n').find((l) => pattern.test(l));
      if (line !== undefined) return Promise.resolve(line);
      return new Promise((resolveLine, reject) => {
        lineWaiters.push({ pattern, resolve: resolveLine });
        void result.then(() => reject(new Error(`the Action exited before printing ${pattern}:\n${stdout}\n${stderr}`)));
      });
    },
  };
}

export function runAction(options: ActionRunOptions): Promise<ActionResult> {
  return startAction(options).result;
}

/** Parses GITHUB_OUTPUT's `name<<delimiter … delimiter` blocks (and plain `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]!);
      outputs[name!] = value.join('\n');
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}
