#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in build/ (made by `npm ci` through the prepare script).
import { cliEntry } from './entry.js';

const root = new URL('../', import.meta.url);
const { main } = await import(new URL(cliEntry(root), root).href);

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`secretgate: ${err instanceof Error ? err.message : String(err)}\n`); process.exitCode = 2; },
);
