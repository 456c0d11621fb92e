// Real git repositories in temp directories, for tests of the range and of the whole Action.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './temp-dir.js';

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export { tempDir };

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function initRepo(dir = tempDir(), branch = 'main'): string {
  git(dir, 'init', '-q', '-b', branch);
  // Let tests fetch single commits by SHA from this repository, as GitHub allows.
  git(dir, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
  return dir;
}

/** Writes `files` (path → content), commits them and returns the new commit's SHA. */
export function commit(repo: string, message: string, files: Record<string, string> = {}): string {
  const names = Object.keys(files);
  if (names.length === 0) files = { [`${message.replace(/\W+/g, '-')}.txt`]: `${message}\n` };
  for (const [name, content] of Object.entries(files)) {
    const path = join(repo, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  git(repo, 'add', '--', ...Object.keys(files));
  git(repo, 'commit', '-q', '-m', message);
  return git(repo, 'rev-parse', 'HEAD');
}

/** `count` commits on the current branch in one git process (fast-import), returns the last SHA. */
export function manyCommits(repo: string, count: number, prefix: string): string {
  const branch = git(repo, 'symbolic-ref', 'HEAD');
  const parent = git(repo, 'rev-parse', 'HEAD');
  let script = '';
  for (let i = 0; i < count; i++) {
    const body = `${prefix} ${i}\n`;
    script += `commit ${branch}\ncommitter Test Author <author@example.com> ${1700000000 + i} +0000\n`;
    script += `data ${`${prefix} ${i}`.length}\n${prefix} ${i}\n`;
    if (i === 0) script += `from ${parent}\n`;
    script += `M 644 inline ${prefix}-${i}.txt\ndata ${Buffer.byteLength(body)}\n${body}\n`;
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo, env, input: script });
  git(repo, 'reset', '-q', '--hard', branch);
  return git(repo, 'rev-parse', 'HEAD');
}

/** The commits `revs` selects, as git itself lists them. */
export function listCommits(repo: string, revs: string[]): string[] {
  if (revs.length === 0) return [];
  const out = git(repo, 'rev-list', ...revs);
  return out === '' ? [] : out.split('\n');
}
