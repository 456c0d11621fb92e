// tuneForBatch() must change when V8 11 optimises, or the scan's speed figures rest on nothing,
// and must leave a later V8 alone: Node 24's does not know the flag and would print an error
// into every Action log. A child Node with natives syntax counts the calls a small function
// takes to be optimised, with and without it; compilation is not concurrent there, so the count
// does not depend on timing.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tiersByInterruptBudget } from '../../action/batch-tiering.js';
import { ensureNode24 } from '../support/node24.js';

const module = pathToFileURL(resolve(import.meta.dirname, '../../build/action/batch-tiering.js')).href;

function callsToOptimise(node: string, tuned: boolean): { calls: number; stderr: string } {
  const script = `
    const { tuneForBatch } = await import(${JSON.stringify(module)});
    if (${tuned}) tuneForBatch();
    function work(x) { let s = 0; for (let i = 0; i < 50; i++) s += (i * x) % 7; return s; }
    const OPTIMISED = 1 << 4;
    let calls = 0;
    while (calls < 2_000_000 && (%GetOptimizationStatus(work) & OPTIMISED) === 0) work(calls++);
    process.stdout.write(String(calls));
  `;
  const r = spawnSync(node, ['--allow-natives-syntax', '--no-concurrent-recompilation', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return { calls: Number(r.stdout), stderr: r.stderr };
}

describe('tuneForBatch', () => {
  it.skipIf(!tiersByInterruptBudget(process.versions.v8))('on V8 11 (Node 20) lets a hot function run several times longer before V8 optimises it', () => {
    const plain = callsToOptimise(process.execPath, false);
    const tuned = callsToOptimise(process.execPath, true);
    expect(tuned.stderr).toBe('');
    expect(plain.calls).toBeGreaterThan(0);
    expect(plain.calls).toBeLessThan(2_000_000);
    // The budget is nine times the default: allow for V8 counting a little differently.
    expect(tuned.calls).toBeGreaterThan(plain.calls * 4);
  });

  it('leaves a later V8 alone (Node 24, as the Action runs): no flag, nothing printed, the same tiering', () => {
    const node = ensureNode24();
    const version = spawnSync(node, ['-p', 'process.versions.v8'], { encoding: 'utf8' }).stdout.trim();
    expect(tiersByInterruptBudget(version)).toBe(false);
    const plain = callsToOptimise(node, false);
    const tuned = callsToOptimise(node, true);
    expect(tuned.stderr).toBe('');
    expect(tuned.calls).toBe(plain.calls);
  });

  it('tells the V8 versions apart', () => {
    expect(tiersByInterruptBudget('11.3.244.8-node.33')).toBe(true);
    expect(tiersByInterruptBudget('13.6.233.17-node.37')).toBe(false);
    expect(tiersByInterruptBudget('12.4.254.21-node.33')).toBe(false);
    expect(tiersByInterruptBudget(undefined)).toBe(false);
  });
});
