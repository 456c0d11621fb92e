// Background text for throughput benchmarks: real third-party text files from node_modules.
// Deterministic: directories are walked in code-point order of their entry names.
import { closeSync, existsSync, lstatSync, openSync, readSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface HaystackFile {
  /** Path relative to `root`, `/`-separated. */
  file: string;
  text: string;
}

const EXTENSIONS = ['.js', '.ts', '.json', '.md'];
const MAX_FILE_BYTES = 1024 * 1024;

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function looksBinary(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(8192);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).includes(0);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads .js/.ts/.json/.md files (not binaries, none over 1 MB, no symlinks) from
 * `root/node_modules` (or from `root` itself when it has no node_modules) until adding the next
 * file would pass `maxBytes`. Same tree, same result.
 */
export function collectHaystack(root: string, maxBytes: number): HaystackFile[] {
  const start = existsSync(join(root, 'node_modules')) ? join(root, 'node_modules') : root;
  const out: HaystackFile[] = [];
  let total = 0;
  let full = false;

  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    names.sort(byCodePoint);
    for (const name of names) {
      if (full) return;
      const path = join(dir, name);
      let st;
      try {
        st = lstatSync(path);
      } catch {
        continue;
      }
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) {
        walk(path);
        continue;
      }
      if (!st.isFile() || !EXTENSIONS.some((ext) => name.endsWith(ext))) continue;
      if (st.size === 0 || st.size > MAX_FILE_BYTES) continue;
      if (total + st.size > maxBytes) {
        full = true;
        return;
      }
      if (looksBinary(path)) continue;
      const text = readFileSync(path, 'utf8');
      out.push({ file: relative(root, path).split(sep).join('/'), text });
      total += st.size;
    }
  };

  walk(start);
  return out;
}
