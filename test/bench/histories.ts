// Git histories for the range benchmark, built deterministically in a temp dir:
//   bench    haystack files (.js/.ts/.json/.md) added over ~400 commits
//   dense    third-party JavaScript and JSON only (minified bundles among them, where
//            keywords are on most lines) added over ~120 commits
//   package  successive published versions of one npm package, one commit each: a real
//            project's changes, with its tests and docs (needs the npm registry or its cache)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectHaystack, type HaystackFile } from './haystack.js';

const MB = 1024 * 1024;

/** A history of `commits` commits, each adding the next slice of `files`, by fast-import. */
function buildAddHistory(dir: string, files: HaystackFile[], commits: number): void {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const chunks: string[] = [];
  const perCommit = Math.max(1, Math.ceil(files.length / commits));
  let mark = 0;
  for (let c = 0; c * perCommit < files.length; c++) {
    const batch = files.slice(c * perCommit, (c + 1) * perCommit);
    chunks.push(`commit refs/heads/main\nmark :${++mark}\nauthor Bench <b@example.com> ${1700000000 + c} +0000\ncommitter Bench <b@example.com> ${1700000000 + c} +0000\n`);
    const msg = `commit ${c}`;
    chunks.push(`data ${Buffer.byteLength(msg)}\n${msg}\n`);
    for (const f of batch) {
      const data = Buffer.from(f.text);
      chunks.push(`M 100644 inline ${f.file.replace(/[\s"]/g, '_')}\ndata ${data.length}\n`);
      chunks.push(data.toString('latin1'));
      chunks.push('\n');
    }
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: Buffer.from(chunks.join(''), 'latin1'), maxBuffer: 1024 * MB });
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir });
}

export function buildBenchHistory(dir: string, root: string, commits: number): void {
  buildAddHistory(dir, collectHaystack(join(root, 'node_modules'), 64 * MB), commits);
}

export function buildDenseHistory(dir: string, root: string, commits: number): void {
  const files = collectHaystack(join(root, 'node_modules'), 64 * MB, { extensions: ['.js', '.cjs', '.mjs', '.json'] });
  buildAddHistory(dir, files, commits);
}

export interface PackageHistory {
  name: string;
  versions: readonly string[];
}

/** fastify 4.0.0 to 4.29.0, every minor release: about 30 commits of a server framework. */
export const FASTIFY_4: PackageHistory = { name: 'fastify', versions: Array.from({ length: 30 }, (_v, i) => `4.${i}.0`) };

/**
 * One commit per version, each the package's published files as they are (removed files
 * deleted). Undefined, with the reason, when `npm pack` cannot fetch them within `timeoutMs`.
 */
export function buildPackageHistory(dir: string, pkg: PackageHistory, timeoutMs = 60_000): string | undefined {
  const packs = mkdtempSync(join(tmpdir(), 'secretgate-bench-packs-'));
  try {
    const specs = pkg.versions.map((v) => `${pkg.name}@${v}`);
    const r = spawnSync('npm', ['pack', '--silent', '--pack-destination', packs, ...specs], { encoding: 'utf8', timeout: timeoutMs });
    if (r.error || r.status !== 0) return `npm pack ${pkg.name}: ${r.error?.message ?? r.stderr.trim().split('\n').pop()}`;
    execFileSync('git', ['init', '-q', '-b', 'main', dir]);
    const tree = join(dir, 'tree');
    pkg.versions.forEach((version, i) => {
      for (const name of readdirSync(dir)) if (name !== '.git') rmSync(join(dir, name), { recursive: true, force: true });
      mkdirSync(tree);
      execFileSync('tar', ['-xzf', join(packs, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`), '-C', tree, '--strip-components=1']);
      const date = `${1700000000 + i * 86400} +0000`;
      execFileSync('git', ['add', '-A'], { cwd: dir });
      execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '--allow-empty', '-m', `${pkg.name} ${version}`], {
        cwd: dir,
        env: { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_AUTHOR_DATE: date, GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'b@example.com', GIT_COMMITTER_DATE: date },
      });
    });
    return undefined;
  } finally {
    rmSync(packs, { recursive: true, force: true });
  }
}
