// The compiled server in a child process, for benchmarks: what it does for one request is then
// not on the measuring process's event loop (a stand-in's or a test's work is).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url)); // build/test/bench → repo

export interface ServerProcess {
  port: number;
  url: string;
  /** The server's `listening` log line. */
  info: Record<string, unknown>;
  stop(): Promise<void>;
}

/** Starts `script` (default: the server) with `env` and resolves once it logs `listening`. */
export async function startServerProcess(env: Record<string, string>, script = 'build/server/main.js'): Promise<ServerProcess> {
  const profile = process.env['BENCH_PROFILE'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_PROFILE']}`] : [];
  const proc = spawn(process.execPath, [...profile, join(root, script)], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let buf = '';
  const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    proc.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.includes('"msg":"listening"')) resolve(JSON.parse(line) as Record<string, unknown>);
      }
    });
  });
  proc.removeAllListeners('exit');
  const port = Number(info['port']);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    info,
    stop: () =>
      new Promise((resolve) => {
        proc.on('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

