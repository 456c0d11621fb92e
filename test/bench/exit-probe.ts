// Preloaded (`node --import`) into the CLI that the range benchmark runs: at exit it writes
// the process's peak RSS to the file SECRETGATE_BENCH_PROBE names, so the figure is the CLI's.
import { writeFileSync } from 'node:fs';

const target = process.env.SECRETGATE_BENCH_PROBE;
if (target) {
  process.on('exit', () => writeFileSync(target, JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 })));
}
