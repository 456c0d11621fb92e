// Streams the lines a range of commits adds: one `git log -p` process, parsed as it runs.
import { existsSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import type { Fragment } from '../engine/types.js';
import { COMMIT_FORMAT, DiffParser, type DiffStats, type SkippedFile } from './diff-parser.js';
import type { WorkerMessage, WorkerRequest } from './log-protocol.js';
import { GitError, type GitRunner } from './runner.js';

export interface StreamOptions {
  onFragment(fragment: Fragment): void;
  onSkip?(skipped: SkippedFile): void;
  maxFileBytes: number;
  /**
   * Run git and the diff parser in a worker thread, beside detection on this one. Taken only
   * where the compiled worker file sits next to this module (the CLI, not the ncc bundle).
   */
  worker?: boolean;
  /** Unscanned characters at which the worker stops reading git (default 16 Mi). */
  workerHighWaterChars?: number;
}

// Text waiting to be scanned before the worker stops reading git: bounds memory.
const WORKER_HIGH_WATER_CHARS = 16 * 1024 * 1024;

// Byte-exact patches, whatever the user's config says: no external diff or textconv
// drivers, fixed prefixes, renames detected so a moved file is not rescanned.
const PATCH_ARGS = ['-p', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '-M', '--src-prefix=a/', '--dst-prefix=b/'];

/** Added lines of every commit `revs` selects (arguments as `git log` takes them). */
export async function streamLogAddedLines(git: GitRunner, revs: string[], options: StreamOptions): Promise<DiffStats> {
  const args = ['log', ...PATCH_ARGS, '--cc', `--format=${COMMIT_FORMAT}`, ...revs, '--'];
  const workerUrl = options.worker ? compiledWorker() : undefined;
  return workerUrl ? runParserInWorker(workerUrl, git.cwd, args, options) : runParser(git, args, options);
}

function compiledWorker(): URL | undefined {
  if (!import.meta.url.endsWith('.js')) return undefined;
  const url = new URL('./log-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

async function runParserInWorker(workerUrl: URL, cwd: string, args: string[], options: StreamOptions): Promise<DiffStats> {
  const { Worker } = await import('node:worker_threads');
  const request: WorkerRequest = { cwd, args, maxFileBytes: options.maxFileBytes, highWaterChars: options.workerHighWaterChars ?? WORKER_HIGH_WATER_CHARS };
  const worker = new Worker(workerUrl, { workerData: request });
  return new Promise<DiffStats>((resolve, reject) => {
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      // Ends git too: its pipe closes with the worker.
      void worker.terminate();
      settle();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (settled) return;
      try {
        if (m.kind === 'fragment') {
          options.onFragment(m.fragment);
          worker.postMessage(m.fragment.text.length);
        } else if (m.kind === 'skip') options.onSkip?.(m.skipped);
        else if (m.kind === 'end') finish(() => resolve(m.stats));
        else finish(() => reject(new GitError(m.message, m.args, m.exitCode, m.stderr)));
      } catch (error) {
        finish(() => reject(error));
      }
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the git worker stopped (exit ${code}) before the scan finished`))));
  });
}

/** Added lines staged in the index (for a pre-commit hook). */
export async function streamStagedAddedLines(git: GitRunner, options: StreamOptions): Promise<DiffStats> {
  return runParser(git, ['diff', '--cached', ...PATCH_ARGS, '--'], options);
}

async function runParser(git: GitRunner, args: string[], options: StreamOptions): Promise<DiffStats> {
  const parser = new DiffParser(options);
  const decoder = new StringDecoder('utf8');
  const { child, done } = git.stream(args);
  let failure: unknown;
  child.stdout.on('data', (chunk: Buffer) => {
    if (failure !== undefined) return;
    try {
      parser.write(decoder.write(chunk));
    } catch (e) {
      failure = e;
      child.kill('SIGTERM');
    }
  });
  await done;
  if (failure !== undefined) throw failure;
  parser.write(decoder.end());
  parser.end();
  return parser.stats;
}
