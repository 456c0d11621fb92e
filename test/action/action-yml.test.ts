import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionDefaults } from '../support/run-action.js';

const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');

describe('action.yml', () => {
  const yml = read('action.yml');

  it('runs the committed bundle on node24', () => {
    expect(yml).toMatch(/^runs:\n {2}using: node24\n {2}main: dist\/index\.js$/m);
  });

  it('declares exactly the inputs inputs.ts reads', () => {
    const settings = read('action/inputs.ts');
    const read_ = [...settings.matchAll(/optional\('([\w-]+)'/g)].map((m) => m[1]);
    expect(Object.keys(actionDefaults()).sort()).toEqual([...new Set(read_)].sort());
  });

  it('declares exactly the outputs outputs.ts sets', () => {
    const outputs = read('action/outputs.ts');
    const set = [...outputs.matchAll(/core\.setOutput\('([\w-]+)'/g)].map((m) => m[1]);
    const declared = [...(yml.split(/^outputs:\n/m)[1]!.split(/^\S/m)[0]!).matchAll(/^ {2}([\w-]+):$/gm)].map((m) => m[1]);
    expect(declared.sort()).toEqual(set.sort());
  });

  it('documents every input and output in docs/action.md', () => {
    const docs = read('docs/action.md');
    for (const name of [...Object.keys(actionDefaults()), 'decision', 'findings', 'review-url', 'sarif-file']) {
      expect(docs).toContain(`\`${name}\``);
    }
  });
});
