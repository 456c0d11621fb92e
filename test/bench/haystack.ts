// Background text for throughput benchmarks: real third-party text files from node_modules.
// Deterministic: directories are walked in code-point order of their entry names.
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface HaystackFile {
  /** Path relative to `root`, `/`-separated. */
  file: string;
  text: string;
}

const EXTENSIONS = ['.js', '.ts', '.json', '.md'];

export interface HaystackOptions {
  /** File name endings to read (default: .js, .ts, .json, .md). */
  extensions?: readonly string[];
}
const MAX_FILE_BYTES = 1024 * 1024;

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Reads .js/.ts/.json/.md files, or those `extensions` name (not binaries, none over 1 MB, no symlinks), from
 * `root/node_modules` (or from `root` itself when it has no node_modules) until adding the next
 * file would pass `maxBytes`. Same tree, same result.
 */
export function collectHaystack(root: string, maxBytes: number, options: HaystackOptions = {}): HaystackFile[] {
  const extensions = options.extensions ?? EXTENSIONS;
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
      if (!st.isFile() || !extensions.some((ext) => name.endsWith(ext))) continue;
      if (st.size === 0 || st.size > MAX_FILE_BYTES) continue;
      if (total + st.size > maxBytes) {
        full = true;
        return;
      }
      const buf = readFileSync(path);
      if (buf.subarray(0, 8192).includes(0)) continue; // binary
      const text = buf.toString('utf8');
      const size = Buffer.byteLength(text); // invalid UTF-8 decodes to U+FFFD, which may be longer
      if (total + size > maxBytes) {
        full = true;
        return;
      }
      out.push({ file: relative(root, path).split(sep).join('/'), text });
      total += size;
    }
  };

  walk(start);
  return out;
}
