// tuneForBatch() must change when V8 optimises, or the scan's speed figures rest on nothing. A
// child Node with natives syntax counts the calls a small function takes to be optimised, with
// and without it; compilation is not concurrent there, so the count does not depend on timing.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const module = pathToFileURL(resolve(import.meta.dirname, '../../build/action/batch-tiering.js')).href;

function callsToOptimise(tuned: boolean): number {
  const script = `
    const { tuneForBatch } = await import(${JSON.stringify(module)});
    if (${tuned}) tuneForBatch();
    function work(x) { let s = 0; for (let i = 0; i < 50; i++) s += (i * x) % 7; return s; }
    const OPTIMISED = 1 << 4;
    let calls = 0;
    while (calls < 2_000_000 && (%GetOptimizationStatus(work) & OPTIMISED) === 0) work(calls++);
    process.stdout.write(String(calls));
  `;
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--no-concurrent-recompilation', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return Number(r.stdout);
}

describe('tuneForBatch', () => {
  it('lets a hot function run several times longer before V8 optimises it', () => {
    const plain = callsToOptimise(false);
    const tuned = callsToOptimise(true);
    expect(plain).toBeGreaterThan(0);
    expect(plain).toBeLessThan(2_000_000);
    // The budget is nine times the default: allow for V8 counting a little differently.
    expect(tuned).toBeGreaterThan(plain * 4);
  });
});
