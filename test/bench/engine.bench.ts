// `npm run bench`: the engine against a peer and a floor, measured side by side in one run.
//   1. throughput on real third-party text, against secretlint's recommended preset: engine to
//      engine in process, then CLI to CLI, whole process (Node's start included), on the whole
//      haystack (where secretlint's CLI takes minutes) and on an 8 MB slice of the same files
//   2. `secretgate scan --range` (the CLI, start-up included) against `git log -p -U0` of the
//      same range alone, on three histories (histories.ts), and the CLI's peak RSS
//   3. recall and precision on a labelled corpus of fake credentials and decoys
// Every ratio is printed again at the end, with the load average it was measured under.
// Timings are the best of --runs (default 5), the two sides alternating: this machine is
// shared, and a run's noise is one-sided. secretlint's CLI on the whole haystack runs
// --peer-runs times (default 1: over 5 minutes a run); on the slice, --runs times.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildConfig } from '../../action/engine/config.js';
import type { Fragment } from '../../action/engine/types.js';
import { scanFragments } from '../../action/scan.js';
import { generateCorpus } from './corpus/generate.js';
import { scoreFindings } from './corpus/score.js';
import { collectHaystack } from './haystack.js';
import { buildBenchHistory, buildDenseHistory, buildPackageHistory, FASTIFY_4 } from './histories.js';

const MB = 1024 * 1024;
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const HAYSTACK_MB = Number(args.get('haystack-mb') ?? 24);
const PEER_MB = Number(args.get('peer-mb') ?? HAYSTACK_MB);
const SMALL_MB = Number(args.get('small-mb') ?? 8);
const RUNS = Math.max(1, Number(args.get('runs') ?? 5));
const PEER_RUNS = Math.max(1, Number(args.get('peer-runs') ?? 1));
const HISTORY_COMMITS = Number(args.get('commits') ?? 400);
const DENSE_COMMITS = Number(args.get('dense-commits') ?? 120);
// --only=a,b: engine, dir, small, range (or range-bench, range-dense, range-package), accuracy;
// `throughput` is engine, dir and small. Without it, everything.
const only = args.get('only')?.split(',');
const runs = (part: string) =>
  !only || only.some((o) => o === part || part.startsWith(`${o}-`) || (o === 'throughput' && ['engine', 'dir', 'small'].includes(part)));
const root = resolve(import.meta.dirname, '../../..');

function line(label: string, value: string, target = '') {
  process.stdout.write(`${label.padEnd(44)} ${value.padEnd(28)} ${target}\n`);
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const ratios: { label: string; value: string; target: string; load: string }[] = [];
const best = (xs: number[]) => Math.min(...xs);
const bytesOf = (fragments: Fragment[]) => fragments.reduce((n, f) => n + Buffer.byteLength(f.text), 0);

/**
 * About `mb` MB spread evenly over the files (a file is taken while the bytes taken stay within
 * that share of the bytes seen), not a prefix of one package.
 */
function sample(fragments: Fragment[], mb: number): Fragment[] {
  const share = (mb * MB) / bytesOf(fragments);
  let seen = 0;
  let taken = 0;
  return fragments.filter((f) => {
    const size = Buffer.byteLength(f.text);
    seen += size;
    if (taken + size > share * seen) return false;
    taken += size;
    return true;
  });
}

async function engineToEngine(fragments: Fragment[]) {
  const bytes = bytesOf(fragments);
  const config = buildConfig();
  scanFragments(fragments.slice(0, 50), { config });
  const t0 = performance.now();
  const report = scanFragments(fragments, { config });
  const ours = bytes / MB / ((performance.now() - t0) / 1000);
  line('haystack (node_modules text)', `${(bytes / MB).toFixed(1)} MB in ${fragments.length} files`, `${report.findings.length} findings`);
  line('secretgate engine, in process', `${ours.toFixed(1)} MB/s`);

  const peerFragments = sample(fragments, PEER_MB);
  const peerBytes = bytesOf(peerFragments);
  const { createEngine } = await import('@secretlint/node');
  const engine = await createEngine({
    formatter: 'json',
    color: false,
    maskSecrets: true,
    configFileJSON: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] },
  });
  const t1 = performance.now();
  for (const f of peerFragments) await engine.executeOnContent({ content: f.text, filePath: f.file });
  const peer = peerBytes / MB / ((performance.now() - t1) / 1000);
  const t2 = performance.now();
  scanFragments(peerFragments, { config });
  const oursSame = peerBytes / MB / ((performance.now() - t2) / 1000);
  line(`secretlint engine, in process (${(peerBytes / MB).toFixed(1)} MB sample)`, `${peer.toFixed(2)} MB/s`);
  line('secretgate engine on that sample', `${oursSame.toFixed(1)} MB/s`);
  line('ratio, engine to engine', `${(oursSame / peer).toFixed(1)}×`, 'no target (the targets are CLI to CLI, below)');
  ratios.push({ label: 'engine to engine, in process', value: `${(oursSame / peer).toFixed(1)}×`, target: '—', load: load() });
}

/** Each CLI over the same files written to disk, as people run them, start-up included. */
function cliToCli(name: string, fragments: Fragment[], peerRuns: number, target: number) {
  const bytes = bytesOf(fragments);
  const dir = mkdtempSync(join(tmpdir(), 'secretgate-bench-dir-'));
  const out = join(tmpdir(), `secretgate-bench-${process.pid}.json`);
  try {
    for (const f of fragments) {
      const path = join(dir, f.file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.text);
    }
    writeFileSync(join(dir, '.secretlintrc.json'), JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
    const timeCli = (cmd: string, cliArgs: string[], cwd: string) => {
      const t = performance.now();
      const r = spawnSync(cmd, cliArgs, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_PATH: join(root, 'node_modules') } });
      const ms = performance.now() - t;
      if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} failed (${r.status}): ${r.stderr}`);
      return ms;
    };
    const peerMs: number[] = [];
    const oursMs: number[] = [];
    for (let i = 0; i < Math.max(RUNS, peerRuns); i++) {
      if (i < peerRuns) peerMs.push(timeCli(join(root, 'node_modules/.bin/secretlint'), ['**/*', '--secretlintrc', '.secretlintrc.json', '--format', 'json'], dir));
      if (i < RUNS) oursMs.push(timeCli(process.execPath, [join(root, 'bin/secretgate.js'), 'scan', '--dir', dir, '--format', 'json', '--output', out], root));
    }
    const peer = best(peerMs);
    const ours = best(oursMs);
    const rate = (ms: number) => `${(bytes / MB / (ms / 1000)).toFixed(2)} MB/s`;
    line(`${name}: ${(bytes / MB).toFixed(1)} MB in ${fragments.length} files`, `load ${load()}`);
    line(`  secretlint "**/*" CLI (best of ${peerRuns})`, rate(peer), `${peer.toFixed(0)} ms`);
    line(`  secretgate scan --dir (best of ${RUNS})`, rate(ours), `${ours.toFixed(0)} ms`);
    line('  ratio, CLI to CLI', `${(peer / ours).toFixed(1)}×`, `target ≥ ${target}×`);
    ratios.push({ label: `${name}, CLI to CLI`, value: `${(peer / ours).toFixed(1)}× (${ours.toFixed(0)} / ${peer.toFixed(0)} ms)`, target: `≥ ${target}×`, load: load() });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { force: true });
  }
}

function timeGitLog(dir: string, range: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((done, fail) => {
    const t = performance.now();
    const child = spawn('git', ['log', '-p', '-U0', '--no-color', range], { cwd: dir });
    let bytes = 0;
    child.stdout.on('data', (d: Buffer) => (bytes += d.length));
    child.on('error', fail);
    child.on('close', () => done({ ms: performance.now() - t, bytes }));
  });
}

/** `scan --range` over the history `build` makes, against `git log` of it alone. */
async function range(name: string, build: (dir: string) => string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'secretgate-bench-history-'));
  const outDir = mkdtempSync(join(tmpdir(), 'secretgate-bench-out-'));
  const label = `--range / git log, ${name}`;
  try {
    const skipped = build(dir);
    if (skipped !== undefined) {
      line(`history ${name}`, 'skipped', skipped);
      ratios.push({ label, value: 'skipped', target: '≤ 1.5×', load: load() });
      return;
    }
    const first = execFileSync('git', ['rev-list', '--max-parents=0', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    const rangeArg = `${first}..HEAD`;
    const probe = pathToFileURL(resolve(import.meta.dirname, 'exit-probe.js')).href;
    const reportFile = join(outDir, 'report.json');
    const probeFile = join(outDir, 'probe.json');
    const floors: number[] = [];
    const ours: { ms: number; maxRssMb: number }[] = [];
    let logBytes = 0;
    let report: { stats: { commits: number; bytes: number }; findings: unknown[] } | undefined;
    for (let i = 0; i < RUNS; i++) {
      const g = await timeGitLog(dir, rangeArg);
      floors.push(g.ms);
      logBytes = g.bytes;
      // The CLI as a user runs it, Node's start and module loading included.
      const t = performance.now();
      const r = spawnSync(
        process.execPath,
        ['--import', probe, join(root, 'bin/secretgate.js'), 'scan', '--range', rangeArg, '--format', 'json', '--output', reportFile],
        { cwd: dir, encoding: 'utf8', env: { ...process.env, SECRETGATE_BENCH_PROBE: probeFile, GITHUB_REPOSITORY: 'bench/history' } },
      );
      const wall = performance.now() - t;
      if (r.status !== 0 && r.status !== 1) throw new Error(`secretgate scan --range failed (${r.status}): ${r.stderr}`);
      report = JSON.parse(readFileSync(reportFile, 'utf8'));
      ours.push({ ms: wall, maxRssMb: JSON.parse(readFileSync(probeFile, 'utf8')).maxRssMb });
    }
    const floor = best(floors);
    const mine = best(ours.map((o) => o.ms));
    const { stats, findings } = report!;
    line(`history ${name}`, `${stats.commits} commits, ${(logBytes / MB).toFixed(1)} MB of git log -p`, `${(stats.bytes / MB).toFixed(1)} MB added, ${findings.length} findings`);
    line(`  git log -p -U0 alone (best of ${RUNS})`, `${floor.toFixed(0)} ms`, `load ${load()}`);
    line(`  secretgate scan --range, CLI (best of ${RUNS})`, `${mine.toFixed(0)} ms`);
    line('  ratio secretgate / git log', `${(mine / floor).toFixed(2)}×`, 'target ≤ 1.5×');
    line('  peak RSS of the range scan', `${Math.max(...ours.map((o) => o.maxRssMb)).toFixed(0)} MB`, 'target ≤ 256 MB');
    ratios.push({ label, value: `${(mine / floor).toFixed(2)}× (${mine.toFixed(0)} / ${floor.toFixed(0)} ms)`, target: '≤ 1.5×', load: load() });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
}

function accuracy(seed: number, label: string) {
  const corpus = generateCorpus(seed);
  const report = scanFragments(corpus.map((f) => ({ file: f.path, text: f.text })), { config: buildConfig() });
  const score = scoreFindings(corpus, report.findings.map((f) => ({ file: f.file, line: f.line })));
  const secrets = corpus.reduce((n, f) => n + f.labels.filter((l) => l.kind === 'secret').length, 0);
  const decoys = corpus.reduce((n, f) => n + f.labels.filter((l) => l.kind === 'decoy').length, 0);
  line(`labelled corpus, seed ${seed} (${label})`, `${corpus.length} files, ${secrets} secrets`, `${decoys} decoys`);
  line('  recall', score.recall.toFixed(4), `target ≥ 0.97 (missed ${score.fn})`);
  line('  precision', score.precision.toFixed(4), `target ≥ 0.97 (false ${score.fp})`);
  const top = (m: Record<string, number>) => Object.entries(m).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k}:${v}`).join(' ');
  if (score.fn > 0) line('  missed by format', top(score.missedByFormat));
  if (score.fp > 0) line('  false positives by format', top(score.falseByFormat));
}

if (runs('engine') || runs('dir') || runs('small')) {
  const fragments = collectHaystack(join(root, 'node_modules'), HAYSTACK_MB * MB).map((f): Fragment => ({ file: f.file, text: f.text }));
  if (runs('engine')) await engineToEngine(fragments);
  if (runs('dir')) cliToCli('whole haystack', sample(fragments, PEER_MB), PEER_RUNS, 300);
  if (runs('small')) cliToCli(`${SMALL_MB} MB slice`, sample(fragments, SMALL_MB), RUNS, 100);
}
if (runs('range-bench')) await range('bench history', (dir) => (buildBenchHistory(dir, root, HISTORY_COMMITS), undefined));
if (runs('range-dense')) await range('dense history (JS, JSON)', (dir) => (buildDenseHistory(dir, root, DENSE_COMMITS), undefined));
if (runs('range-package')) {
  const { name, versions } = FASTIFY_4;
  await range(`${name} ${versions[0]}–${versions.at(-1)}`, (dir) => buildPackageHistory(dir, FASTIFY_4));
}
if (runs('accuracy')) {
  // Seed 1 is the set the rules were tuned on; seed 42 draws new values from the same templates.
  accuracy(1, 'tuning set');
  accuracy(42, 'held-out values');
}
if (ratios.length > 0) {
  process.stdout.write('\nratios measured in this run\n');
  for (const r of ratios) process.stdout.write(`  ${r.label.padEnd(44)} ${r.value.padEnd(30)} ${r.target.padEnd(8)} load ${r.load}\n`);
}
