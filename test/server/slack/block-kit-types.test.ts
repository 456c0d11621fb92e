// The block builders are typed against @slack/types: a malformed block is a compile error, not
// an `invalid_blocks` answer from Slack. block-kit-misuse.ts holds such blocks, each under an
// expect-error directive (so `npm run typecheck` fails if one compiles); here the same file is
// compiled without the directives and every marked line must fail.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/server-harness.js';

const file = join(repoRoot, 'test/server/slack/block-kit-misuse.ts');

describe('Block Kit types', () => {
  it('refuses to compile each malformed block the builders could be handed', () => {
    const original = readFileSync(file, 'utf8');
    const lines = original.split('\n');
    const marked = lines.flatMap((l, i) => (l.trim().startsWith('// @ts-expect-error') ? [i + 1] : []));
    expect(marked.length).toBe(7);
    // Blanked, not removed, so every line keeps its number.
    const stripped = lines.map((l) => (l.trim().startsWith('// @ts-expect-error') ? '' : l)).join('\n');
    const config = ts.getParsedCommandLineOfConfigFile(join(repoRoot, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const host = ts.createCompilerHost(config.options);
    const readFile = host.readFile.bind(host);
    host.readFile = (name) => (name === file ? stripped : readFile(name));
    const program = ts.createProgram([file], config.options, host);
    const errors = ts.getPreEmitDiagnostics(program, program.getSourceFile(file));
    const errorLines = new Set(errors.map((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line + 1));
    // Each directive covers the line after it.
    for (const line of marked) expect(errorLines.has(line + 1), `line ${line + 1}: ${lines[line]}`).toBe(true);
    // And nothing else fails: the builder's own modal compiles.
    expect([...errorLines].every((l) => marked.includes(l - 1))).toBe(true);
  }, 60_000);
});
