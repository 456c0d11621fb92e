// The launcher loads the bundled CLI only when it was made from the current compile: after a
// bare `tsc` the bundle is older than tsc's modules, and running it would run stale code.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEntry } from '../../bin/entry.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function packageRoot(files: Record<string, number>): URL {
  const dir = mkdtempSync(join(tmpdir(), 'secretgate-entry-'));
  dirs.push(dir);
  for (const [path, seconds] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), '');
    utimesSync(join(dir, path), seconds, seconds);
  }
  return pathToFileURL(`${dir}/`);
}

describe('cliEntry', () => {
  it('takes the bundle when it is as new as the compiled modules or newer', () => {
    expect(cliEntry(packageRoot({ 'build/cli/main.js': 1_000, 'build/cli-bundle/main.js': 1_000 }))).toBe('build/cli-bundle/main.js');
    expect(cliEntry(packageRoot({ 'build/cli/main.js': 1_000, 'build/cli-bundle/main.js': 2_000 }))).toBe('build/cli-bundle/main.js');
  });

  it('takes the compiled modules when the bundle is older or missing', () => {
    expect(cliEntry(packageRoot({ 'build/cli/main.js': 2_000, 'build/cli-bundle/main.js': 1_000 }))).toBe('build/cli/main.js');
    expect(cliEntry(packageRoot({ 'build/cli/main.js': 2_000 }))).toBe('build/cli/main.js');
  });
});
