// The worker-thread range stream (the CLI's) must hand the engine exactly what the in-thread
// one (the Action's) does: same fragments, line numbers, skips and stats, whatever the flow
// control does, and the same errors.
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Fragment } from '../../action/engine/types.js';
import type { SkippedFile } from '../../action/git/diff-parser.js';
import * as sourceLog from '../../action/git/log.js';
import { createGitRunner } from '../../action/git/runner.js';
import { planted } from '../support/planted.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

// The worker runs compiled JavaScript: `npm test` compiles build/ before vitest starts.
const builtLog = (await import(resolve(import.meta.dirname, '../../build/action/git/log.js'))) as typeof sourceLog;

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

/** A history with the shapes the parser must survive, and enough text for many fragments. */
function busyHistory(): { repo: TempRepo; base: string } {
  const r = createTempRepo();
  repos.push(r);
  const base = r.commit('base', { 'shared.txt': 'one\ntwo\nthree\n', 'old/name.txt': 'filler\n'.repeat(30) });
  r.git('checkout', '-q', '-b', 'feature');
  r.commit('feature', { 'feature.txt': `token = "${planted.githubPat}"\n` });
  r.commit('feature side', { 'shared.txt': 'one\nTWO-feature\nthree\n' });
  r.git('checkout', '-q', 'main');
  r.commit('main side', { 'shared.txt': 'one\nTWO-main\nthree\n' });
  try {
    r.git('merge', '-q', 'feature', '-m', 'merge');
  } catch {
    r.write('shared.txt', `one\nresolved = "${planted.stripeLive}"\nthree\n`);
    r.git('add', 'shared.txt');
    r.git('commit', '-q', '--no-edit');
  }
  r.git('mv', 'old/name.txt', 'renamed ünï "q".txt');
  r.commit('rename and odd path', { 'bin.dat': Buffer.from([0, 1, 2, 3, 0, 255, 0]) });
  const bulk = Array.from({ length: 4000 }, (_, i) => `const value${i} = compute(${i}); // padding text for volume`).join('\n');
  for (let c = 0; c < 6; c++) r.commit(`bulk ${c}`, { [`bulk/${c}.js`]: `${bulk}\n// ${c}\n`, 'huge.txt': `${'x'.repeat(120)}\n`.repeat(2000 + c) });
  return { repo: r, base };
}

async function collect(log: typeof sourceLog, dir: string, range: string, extra: Partial<sourceLog.StreamOptions> = {}) {
  const fragments: Fragment[] = [];
  const skipped: SkippedFile[] = [];
  const stats = await log.streamLogAddedLines(createGitRunner(dir), [range], {
    onFragment: (f) => fragments.push(f),
    onSkip: (s) => skipped.push(s),
    maxFileBytes: 200_000,
    ...extra,
  });
  return { fragments, skipped, stats };
}

describe('range stream in a worker thread', () => {
  it('yields the same fragments, skips and stats as the in-thread stream', async () => {
    const { repo, base } = busyHistory();
    const inThread = await collect(sourceLog, repo.dir, `${base}..HEAD`);
    const inWorker = await collect(builtLog, repo.dir, `${base}..HEAD`, { worker: true });
    expect(inThread.fragments.length).toBeGreaterThan(6);
    expect(inThread.skipped.map((s) => s.reason).sort()).toEqual(expect.arrayContaining(['binary', 'too-large']));
    expect(inThread.fragments.some((f) => f.file === 'shared.txt' && f.text.includes(planted.stripeLive))).toBe(true);
    expect(inWorker).toEqual(inThread);
  });

  it('stays exact when flow control pauses git after every fragment', async () => {
    const { repo, base } = busyHistory();
    const inThread = await collect(sourceLog, repo.dir, `${base}..HEAD`);
    let waiting = 0;
    const slow = await collect(builtLog, repo.dir, `${base}..HEAD`, {
      worker: true,
      workerHighWaterChars: 1,
      onFragment: () => waiting++,
    });
    expect(waiting).toBe(inThread.fragments.length);
    expect(slow.stats).toEqual(inThread.stats);
  });

  it('rejects with git’s own error for an unknown revision', async () => {
    const { repo } = busyHistory();
    const error = await collect(builtLog, repo.dir, 'no-such-branch..HEAD', { worker: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('GitError');
    expect((error as Error).message).toMatch(/^git log failed \(exit 128\)/);
  });

  it('stops and passes on an error thrown while scanning', async () => {
    const { repo, base } = busyHistory();
    const error = await collect(builtLog, repo.dir, `${base}..HEAD`, {
      worker: true,
      onFragment: () => {
        throw new Error('scanner broke');
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('scanner broke');
  });

  it('falls back to the in-thread stream where no compiled worker sits beside the module', async () => {
    const { repo, base } = busyHistory();
    // The TypeScript source has no log-worker.js next to it, as the ncc bundle has none.
    const result = await collect(sourceLog, join(repo.dir), `${base}..HEAD`, { worker: true });
    expect(result.fragments.length).toBeGreaterThan(6);
  });
});
