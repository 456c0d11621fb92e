// Runs one range scan in its own process so the benchmark can read its wall time and peak
// RSS without the parent's memory in the figure.
import { buildConfig } from '../../action/engine/config.js';
import { createGitRunner } from '../../action/git/runner.js';
import { scanGitRange } from '../../action/scan.js';

const [dir, range] = process.argv.slice(2);
const started = performance.now();
const report = await scanGitRange(createGitRunner(dir!), [range!], { config: buildConfig(), salt: 'bench/history' });
const ms = performance.now() - started;
process.stdout.write(
  JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, findings: report.findings.length, bytes: report.stats.bytes, commits: report.stats.commits }),
);
