// Which build of the CLI to load: the bundle (build/cli-bundle/) when it was made from the
// current compile, else tsc's modules (build/cli/), say right after a bare `tsc` run.
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
  const bundle = mtime('build/cli-bundle/main.js');
  return bundle >= 0 && bundle >= mtime('build/cli/main.js') ? 'build/cli-bundle/main.js' : 'build/cli/main.js';
}
