// Real git repositories in temp dirs, built commit by commit.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  write(path: string, content: string | Buffer): void;
  /** Writes files and commits them; returns the new commit's SHA. */
  commit(message: string, files?: Record<string, string | Buffer>): string;
  head(): string;
  cleanup(): void;
}

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Ann Dev',
  GIT_AUTHOR_EMAIL: 'ann@example.com',
  GIT_COMMITTER_NAME: 'Ann Dev',
  GIT_COMMITTER_EMAIL: 'ann@example.com',
};

export function createTempRepo(prefix = 'secretgate-repo-'): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env = { ...process.env, ...IDENTITY, GIT_CONFIG_NOSYSTEM: '1', HOME: dir };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  const write = (path: string, content: string | Buffer) => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  };
  return {
    dir,
    git,
    write,
    commit(message, files = {}) {
      for (const [path, content] of Object.entries(files)) write(path, content);
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    head: () => git('rev-parse', 'HEAD').trim(),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
