// The one place that spawns git. Everything else asks through GitRunner, so tests can
// point it at a real temporary repository.
import { spawn, type ChildProcess } from 'node:child_process';

export class GitError extends Error {
  constructor(
    message: string,
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

export interface GitRunner {
  readonly cwd: string;
  /** Runs git to completion and returns stdout; throws GitError on a non-zero exit. */
  run(args: string[], options?: { allowFailure?: boolean; input?: string }): Promise<GitResult>;
  /**
   * Starts git with stdout streaming; the caller reads `child.stdout` (or the file whose
   * descriptor it passed as `stdout`) and awaits `done`.
   */
  stream(args: string[], options?: { stdout?: number }): { child: ChildProcess; done: Promise<void> };
}

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

// Keep output byte-exact and independent of the user's pager, colour and quoting settings.
const baseArgs = ['-c', 'core.quotePath=false', '-c', 'color.ui=false', '-c', 'core.pager=cat'];

export function createGitRunner(cwd: string): GitRunner {
  // Replace refs (refs/replace/*) let a history show other content than its commits hold: never honoured.
  const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_NO_REPLACE_OBJECTS: '1' };
  return {
    cwd,
    run(args, options = {}) {
      return new Promise((resolve, reject) => {
        const child = spawn('git', [...baseArgs, ...args], { cwd, env });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (d: Buffer) => out.push(d));
        child.stderr.on('data', (d: Buffer) => err.push(d));
        child.on('error', (e) => reject(new GitError(`could not run git: ${e.message}`, args, null, '')));
        child.on('close', (code) => {
          const result = {
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(err).toString('utf8'),
            exitCode: code ?? -1,
          };
          if (code !== 0 && !options.allowFailure) {
            const detail = result.stderr.trim().split('\n')[0] ?? '';
            reject(new GitError(`git ${args[0]} failed (exit ${code}): ${detail}`, args, code, result.stderr));
          } else resolve(result);
        });
        if (options.input !== undefined) child.stdin.end(options.input);
        else child.stdin.end();
      });
    },
    stream(args, options = {}) {
      const child = spawn('git', [...baseArgs, ...args], { cwd, env, stdio: ['ignore', options.stdout ?? 'pipe', 'pipe'] });
      const err: Buffer[] = [];
      child.stderr!.on('data', (d: Buffer) => err.push(d));
      const done = new Promise<void>((resolve, reject) => {
        child.on('error', (e) => reject(new GitError(`could not run git: ${e.message}`, args, null, '')));
        child.on('close', (code, signal) => {
          const stderr = Buffer.concat(err).toString('utf8');
          if (code === 0) resolve();
          else if (signal === 'SIGPIPE' || signal === 'SIGTERM') resolve();
          else {
            const detail = stderr.trim().split('\n')[0] ?? '';
            reject(new GitError(`git ${args[0]} failed (exit ${code}): ${detail}`, args, code, stderr));
          }
        });
      });
      return { child, done };
    },
  };
}
