// `npm run bench:peers -- --suites=DIR`: how much of the peers' own test samples the engine agrees with.
// DIR holds `<peer>.jsonl` files, one `{peer, rule, kind: 'tp'|'fp', text, split?}` per line, extracted
// from the peers' public test code. They are not committed (their code stays theirs), so this bench
// reads them from outside the repository and prints nothing when DIR is absent.
//   --peer=gitleaks  score one peer only
//   --path=NAME      the file name each sample is scanned as (default `sample.txt`; the judge
//                    differs between prose and code, so try `config.go` too)
//   --show           list the tuning split's missed and falsely flagged samples by rule; the
//                    held-out split only ever prints totals, so it cannot be tuned on by reading it
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildConfig } from '../../action/engine/config.js';
import { createDetector } from '../../action/engine/detect.js';

interface Sample {
  peer: string;
  rule: string;
  kind: 'tp' | 'fp';
  text: string;
  split?: 'tune' | 'held-out';
}

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const dir = args.get('suites') ?? process.env.SECRETGATE_PEER_SUITES;
if (!dir || !existsSync(dir)) {
  process.stdout.write(`peer suites: no directory given or found (${dir ?? 'none'}); pass --suites=DIR\n`);
  process.exit(0);
}
const onlyPeer = args.get('peer');
const path = args.get('path') ?? 'sample.txt';
const show = args.has('show');
// One detector for every sample: building one per scan would be most of the run.
const detector = createDetector(buildConfig());

const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl') && (!onlyPeer || f === `${onlyPeer}.jsonl`)).sort();
for (const file of files) {
  const samples = readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Sample);
  const splits = [...new Set(samples.map((s) => s.split ?? 'tune'))].sort().reverse();
  for (const split of splits) {
    const inSplit = samples.filter((s) => (s.split ?? 'tune') === split);
    const missed: Sample[] = [];
    const flagged: { sample: Sample; rules: string[] }[] = [];
    let tp = 0;
    let fp = 0;
    for (const s of inSplit) {
      const findings = detector.detect({ file: path, text: s.text });
      if (s.kind === 'tp') {
        tp++;
        if (findings.length === 0) missed.push(s);
      } else {
        fp++;
        if (findings.length > 0) flagged.push({ sample: s, rules: [...new Set(findings.map((f) => f.ruleId))] });
      }
    }
    const rules = new Set(inSplit.map((s) => s.rule)).size;
    const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);
    process.stdout.write(
      `${file.replace(/\.jsonl$/, '').padEnd(11)} ${split.padEnd(8)} ${String(rules).padStart(4)} rules  ` +
        `recall ${pct(tp - missed.length, tp)} (${tp - missed.length}/${tp})  ` +
        `false alarms ${pct(flagged.length, fp)} (${flagged.length}/${fp})\n`,
    );
    if (!show || split === 'held-out') continue;
    const clip = (t: string) => JSON.stringify(t.length > 160 ? `${t.slice(0, 160)}…` : t);
    for (const s of missed) process.stdout.write(`  missed  ${s.rule}: ${clip(s.text)}\n`);
    for (const { sample, rules: by } of flagged) process.stdout.write(`  false   ${sample.rule} (by ${by.join(',')}): ${clip(sample.text)}\n`);
  }
}
