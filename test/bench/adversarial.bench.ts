// `npm run bench:adversarial`: detect() on text written to stall it. Each generator is run at
// 64 KB, 512 KB and 2 MB, as one fragment and (where its text has lines) as one single line;
// printed: MB/s at each size (CPU time) and the growth in time per doubling of the input.
// Targets: growth ≤ 2.2× per doubling for every generator, and ≥ 5 MB/s at 2 MB.
//   --only=NAME    generators whose name contains NAME
//   --sizes=64,512 sizes in KB (default 64,512,2048)
import { buildConfig } from '../../action/engine/config.js';
import { createDetector } from '../../action/engine/detect.js';
import { collectHaystack } from './haystack.js';

const KB = 1024;
const MB = 1024 * KB;
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const only = args.get('only');
const SIZES = (args.get('sizes') ?? '64,512,2048').split(',').map((s) => Number(s) * KB);
const root = new URL('../../..', import.meta.url).pathname;

/**
 * Repeats `unit(i)` (i = 0, 1, …) until the text holds `size` characters, in whole units, so
 * that every size ends the same way (a cut unit could pass a rule's line check at one size
 * and fail it at the next).
 */
function fill(size: number, unit: (i: number) => string, head = ''): string {
  const parts = [head];
  let length = head.length;
  for (let i = 0; length < size; i++) {
    const u = unit(i);
    parts.push(u);
    length += u.length;
  }
  return parts.join('');
}

// Base64-looking characters, varied so that entropy checks pass; deterministic.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const base64 = (n: number, seed = 0) => {
  let s = '';
  for (let i = 0; i < n; i++) s += B64[(i * 37 + seed * 11 + ((i * i) >> 3)) % 64];
  return s;
};
const BODY = `${base64(64, 1)}\n${base64(64, 2)}\n`;

interface Generator {
  name: string;
  /** Text of about `size` characters. */
  text(size: number): string;
  /** The text has lines: run it a second time with them joined into one line. */
  lines: boolean;
}

const PEM_KINDS = ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PGP PRIVATE KEY BLOCK'];

const generators: Generator[] = [
  // Repeated BEGIN blocks (each with a short body and no END), one generator per key kind.
  ...PEM_KINDS.map((kind) => ({
    name: `begin-blocks ${kind.toLowerCase()}`,
    text: (size: number) => fill(size, () => `-----BEGIN ${kind}-----\n${BODY}`),
    lines: true,
  })),
  { name: 'begin-blocks ssh2', text: (size) => fill(size, () => `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "k"\n${BODY}`), lines: true },
  { name: 'begin-blocks putty', text: (size) => fill(size, () => `PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 2\n${BODY}`), lines: true },
  // BEGIN lines alone, back to back.
  { name: 'begin lines only', text: (size) => fill(size, () => '-----BEGIN PRIVATE KEY-----\n'), lines: true },
  // One BEGIN, then a body that never ends.
  { name: 'begin with no end', text: (size) => fill(size, (i) => `${base64(64, i)}\n`, '-----BEGIN RSA PRIVATE KEY-----\n'), lines: true },
  { name: 'repeated keyword', text: (size) => fill(size, () => 'password'), lines: false },
  { name: 'repeated keyword, mixed', text: (size) => fill(size, (i) => ['password', 'token', 'secret', 'api_key', 'private key'][i % 5]!), lines: false },
  { name: 'keyword and = repeated', text: (size) => fill(size, () => 'password='), lines: false },
  { name: 'keyword, = and quote repeated', text: (size) => fill(size, () => 'password = "'), lines: false },
  { name: 'keyword and : repeated, spaced', text: (size) => fill(size, () => 'secret: '), lines: false },
  { name: 'unterminated quote', text: (size) => fill(size, (i) => base64(64, i).replace(/[+/]/g, 'x'), 'password = "'), lines: false },
  { name: 'unterminated quotes', text: (size) => fill(size, (i) => `api_key="${base64(40, i)} `), lines: false },
  // Value characters that run past every bound, then a tail that fails the match.
  { name: 'value run, failing tail', text: (size) => `${fill(size - 1, (i) => base64(64, i), 'DB_PASSWORD=')};`, lines: false },
  { name: 'value runs, failing tails', text: (size) => fill(size, (i) => ` token=${base64(3000, i)};\n`), lines: true },
  { name: 'token prefix runs', text: (size) => fill(size, (i) => `ghp_${base64(500, i).replace(/[+/]/g, 'q')}-`), lines: false },
  { name: 'urls with : and @', text: (size) => fill(size, () => 'https://a:b:c@d@e:f@'), lines: false },
  { name: 'url, long userinfo', text: (size) => fill(size, () => ':@', 'postgres://user'), lines: false },
  { name: 'urls with credentials', text: (size) => fill(size, (i) => `https://u${i}:Pq8vZ3mL${i}x2Rk9@h${i}.example.net/ `), lines: false },
  { name: 'base64 after keyword', text: (size) => fill(size, (i) => base64(64, i), 'secret: '), lines: false },
  { name: 'base64 after keywords', text: (size) => fill(size, (i) => `token: ${base64(2100, i)}\n`), lines: true },
  { name: 'xml tags', text: (size) => fill(size, () => '<password><password>'), lines: false },
  // The assignment forms (rules/assignment-forms.ts, generic-forms.ts): values that open with
  // no quote, elements and heredocs whose value is on the next line, space-separated settings.
  { name: 'unquoted value runs to no quote', text: (size) => fill(size, (i) => `"X-Api-Key: ${base64(900, i).replace(/[0-9+/]/g, 'k')}1 `), lines: false },
  { name: 'keyword, : and value repeated', text: (size) => fill(size, (i) => `token:${base64(6, i).replace(/[+/]/g, 'x')}`), lines: false },
  // (Its value lines hold a space: the rule reads them and fails. With findings, this text
  // measures the cost of a finding, the same for every rule: ~60 µs each, 3 MB/s at one per 80 bytes.)
  { name: 'xml value lines, failing', text: (size) => fill(size, (i) => `<db.password>\n${base64(40, i)} ${base64(24, i)}\n`), lines: true },
  { name: 'heredocs, no delimiter', text: (size) => fill(size, (i) => `  db_password = <<EOF\n${base64(64, i)}\n`), lines: true },
  { name: 'spaced settings', text: (size) => fill(size, (i) => `ENV API_TOKEN ${base64(64, i)} x\n`), lines: true },
  { name: 'authorization bearer', text: (size) => fill(size, () => 'Authorization: Bearer '), lines: false },
  { name: 'minified code, keyword-dense', text: (size) => fill(size, (i) => minifiedUnit(i)), lines: false },
  { name: 'minified code, real', text: (size) => realCode(size), lines: false },
];

function minifiedUnit(i: number): string {
  return (
    `function f${i}(e,t){var n=e.password||t.token,r={apiKey:n,secret:"${base64(24, i)}",auth_token:t.auth,` +
    `privateKey:e.key};if(r.password===""){r.client_secret=e["client_secret"]}return fetch("https://api.example.com/v1/token",` +
    `{headers:{Authorization:"Bearer "+n}}),r}`
  );
}

// One file a unit: with the whole haystack as one unit, every size got the same text (a unit is
// never cut) and the growth between sizes was undefined.
let haystack: string[] | undefined;
function realCode(size: number): string {
  haystack ??= collectHaystack(root, 4 * MB)
    .filter((f) => f.file.endsWith('.js'))
    .map((f) => `${f.text.replace(/\n/g, ' ')};`);
  return fill(size, (i) => haystack![i % haystack!.length]!);
}

const detector = createDetector({ rules: buildConfig().rules });

// CPU time, not wall time: the machines this runs on are shared, and a time slice lost to
// another process is not the engine's.
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

// With --expose-gc (as npm run bench:adversarial runs it), each run starts from a collected
// heap, so a generator is not charged for the garbage of the one before.
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * Best CPU time of each text's detect() over rounds that take the texts in turn, so that a
 * burst of load on the machine lands on every size alike: at least 7 rounds, and at least
 * 500 ms on the largest text.
 */
function timeDetect(texts: string[]): { ms: number; findings: number }[] {
  const out = texts.map(() => ({ ms: Infinity, findings: 0 }));
  let spent = 0;
  for (let round = 0; round < 7 || (spent < 500 && round < 50); round++) {
    texts.forEach((text, i) => {
      collect();
      const t = cpuMs();
      const findings = detector.detect({ file: 'adversarial.txt', text }).length;
      const ms = cpuMs() - t;
      out[i] = { ms: Math.min(out[i]!.ms, ms), findings };
      if (i === texts.length - 1) spent += ms;
    });
  }
  return out;
}

function row(cells: string[]) {
  const widths = [40, 12, 12, 12, 10, 10, 9];
  process.stdout.write(`${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ')}\n`);
}

// Warm the engine up, so the first generator is not charged for compilation.
detector.detect({ file: 'warm.txt', text: generators.map((g) => g.text(4 * KB)).join('\n') });

const sizeLabel = (s: number) => (s >= MB ? `${s / MB} MB` : `${s / KB} KB`);
row(['generator', ...SIZES.map((s) => `${sizeLabel(s)} MB/s`), 'growth', 'findings', 'target']);
let worstGrowth = 0;
let worstRate = Infinity;
for (const g of generators) {
  if (only && !g.name.includes(only)) continue;
  const shapes: [string, (size: number) => string][] = [[g.name, g.text]];
  if (g.lines) shapes.push([`${g.name}, one line`, (size) => g.text(size).replace(/\n/g, '\\n')]);
  for (const [name, text] of shapes) {
    const texts = SIZES.map((size) => text(size));
    const times = timeDetect(texts).map((t, i) => ({ length: texts[i]!.length, ...t }));
    // Growth in time per doubling of the input, the worst over consecutive sizes.
    let growth = 0;
    for (let i = 1; i < times.length; i++) {
      const doublings = Math.log2(times[i]!.length / times[i - 1]!.length);
      growth = Math.max(growth, (Math.max(times[i]!.ms, 0.05) / Math.max(times[i - 1]!.ms, 0.05)) ** (1 / doublings));
    }
    const last = times[times.length - 1]!;
    const rate = last.length / MB / (last.ms / 1000);
    worstGrowth = Math.max(worstGrowth, growth);
    worstRate = Math.min(worstRate, rate);
    const ok = growth <= 2.2 && (last.length < 2 * MB || rate >= 5);
    row([name, ...times.map((t) => (t.length / MB / (t.ms / 1000)).toFixed(1)), `${growth.toFixed(2)}×`, String(last.findings), ok ? 'ok' : 'MISSED']);
  }
}
row(['worst', '', '', `${worstRate.toFixed(1)}`, `${worstGrowth.toFixed(2)}×`, '', '≤ 2.2×, ≥ 5 MB/s']);
