// `secretgate serve` (dispatched by cli/main.ts) and `node build/server/main.js`: the server's
// process from the environment to SIGTERM. Returns an exit code rather than exiting.
import { writeSync } from 'node:fs';
import { ConfigError, loadConfig } from './config/index.js';
import { startServer } from './server.js';

/** Where the command's messages go; tests pass their own. */
export interface ServeIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: ServeIo = {
  out: (s) => void writeSync(1, s),
  err: (s) => void writeSync(2, s),
};

/** Starts the server from the environment; resolves with 0 after SIGTERM/SIGINT, 2 on a start error. */
export async function serveCommand(argv: string[], io: ServeIo = processIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out('usage: secretgate serve\nConfigured by the environment; see docs/server.md.\n');
    return 0;
  }
  if (argv.length > 0) {
    io.err(`secretgate serve: unexpected argument '${argv[0]}'; configuration comes from the environment\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(`secretgate serve: configuration error: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  let server;
  try {
    server = await startServer(config);
  } catch (err) {
    io.err(`secretgate serve: ${(err as Error).message}\n`);
    return 2;
  }
  const running = server;
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      running.close().then(resolve, (err: unknown) => {
        io.err(`secretgate serve: shutdown failed: ${(err as Error).message}\n`);
        resolve();
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  return 0;
}
