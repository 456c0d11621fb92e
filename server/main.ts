// Entry point for running the server directly (`node build/server/main.js`, or under Deno:
// `deno run -A build/server/main.js`). The CLI's `secretgate serve` calls the same function.
import { serveCommand } from './serve.js';

serveCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`secretgate serve: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
