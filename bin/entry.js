// Which build of the CLI to load: the bundle (build/cli/) when it was made from the current
// compile, else tsc's modules (build/action/), say right after a bare `tsc` run.
import { statSync } from 'node:fs';

/** Paths relative to the package root. */
export function cliEntry(root) {
  const mtime = (path) => {
    try {
      return statSync(new URL(path, root)).mtimeMs;
    } catch {
      return -1;
    }
  };
  const bundle = mtime('build/cli/cli.js');
  return bundle >= 0 && bundle >= mtime('build/action/cli.js') ? 'build/cli/cli.js' : 'build/action/cli.js';
}
