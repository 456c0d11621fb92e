// `npm run demo` as a person runs it: the compiled script in a real pseudo-terminal (util-linux
// `script`), so stdin is a TTY and the demo takes key presses in raw mode: a, f, b, Ctrl-C, and
// the reason prompts of Approve and Block. Skipped, saying why, where no pty can be had.
import { spawn, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoBuild } from '../support/build.js';
import { planted } from '../support/planted.js';
import { repoRoot } from '../support/server-harness.js';
import { DEMO_BLOCK_REASON } from './demo.js';

// `script -qec CMD /dev/null` runs CMD on a new pty and returns its exit code (util-linux).
const probe = spawnSync('script', ['-qec', 'test -t 0 && test -t 1', '/dev/null'], { input: '', timeout: 10_000 });
const ptyMissing = probe.error
  ? `util-linux script is not available (${(probe.error as NodeJS.ErrnoException).code})`
  : probe.status !== 0
    ? `script could not give its command a terminal (exit ${probe.status}): ${probe.stderr.toString().trim()}`
    : null;
if (ptyMissing) console.warn(`demo-pty.test.ts skipped: ${ptyMissing}`);

// The Node that built better-sqlite3 (the demo runs the server in-process), as spawnServer picks it.
const node = process.env['SECRETGATE_TEST_NODE'] ?? process.env['npm_node_execpath'] ?? process.execPath;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

interface Keystroke {
  /** Wait for this in the (plain) output before typing. */
  after: RegExp;
  keys: string;
}

interface PtyRun {
  exitCode: number | null;
  /** What the terminal showed, without colours and carriage returns. */
  out: string;
}

/** Runs the compiled demo on a pty and types `keystrokes`, each once its prompt has appeared. */
function runDemoOnPty(entry: string, keystrokes: Keystroke[], timeoutMs = 40_000): Promise<PtyRun> {
  const child = spawn('script', ['-qfec', `${quote(node)} ${quote(entry)}`, '/dev/null'], {
    cwd: repoRoot,
    env: { ...process.env, TERM: process.env['TERM'] || 'xterm' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let raw = '';
  const plain = () => raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
  const pending = [...keystrokes];
  return new Promise<PtyRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      const waiting = pending[0] ? ` waiting for ${pending[0].after}` : '';
      reject(new Error(`the demo did not finish in ${timeoutMs} ms${waiting}; it showed:\n${plain().slice(-3000)}`));
    }, timeoutMs);
    const onOutput = (chunk: Buffer) => {
      raw += chunk.toString('utf8');
      while (pending[0] && pending[0].after.test(plain())) child.stdin.write(pending.shift()!.keys);
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      child.stdin.end();
      resolve({ exitCode: code, out: plain() });
    });
  });
}

const KEY_PROMPT = /Press a = Approve, f = False positive, b = Block \(Ctrl-C cancels the job\)\.\n/;

describe.skipIf(ptyMissing !== null)('npm run demo in a terminal (a pty)', () => {
  let entry: string;
  beforeAll(() => {
    entry = ensureDemoBuild();
  });

  it('approves on a, with the reason typed at the prompt', async () => {
    const typed = 'typed at the demo prompt, a fake key';
    const run = await runDemoOnPty(entry, [
      { after: KEY_PROMPT, keys: 'a' },
      { after: /Approve — why may it stay\? \[[^\]]+\] /, keys: `${typed}\r` },
    ]);
    expect(run.exitCode, run.out).toBe(0);
    // The terminal path, not the unattended one.
    expect(run.out).not.toContain('no terminal');
    expect(run.out).toContain(`Approve clicked by U0APPROVER: a signed request to /slack/interactions; Slack opens a modal, the reason "${typed}" is submitted`);
    expect(run.out).toContain(`Approved by u0approver (U0APPROVER): ${typed}.`);
    expect(run.out).toContain('The job exited 0: decision approved');
    // The Slack message, updated, carries the typed reason too.
    expect(run.out).toMatch(new RegExp(`✅ Approved by @U0APPROVER: ${typed}`));
    expect(run.out).not.toContain(planted.githubPat);
  });

  it('blocks on b, and Enter at the reason prompt keeps the suggested reason', async () => {
    const run = await runDemoOnPty(entry, [
      { after: KEY_PROMPT, keys: 'b' },
      { after: /Block — why is this push blocked\? \[[^\]]+\] /, keys: '\r' },
    ]);
    expect(run.exitCode, run.out).toBe(0);
    expect(run.out).toContain(`Block clicked by U0APPROVER`);
    expect(run.out).toContain(`Error: Blocked by u0approver (U0APPROVER): ${DEMO_BLOCK_REASON}.`);
    expect(run.out).toContain('The job exited 1: decision rejected');
  });

  it('marks a false positive on f, asking nothing more, after ignoring other keys', async () => {
    const run = await runDemoOnPty(entry, [{ after: KEY_PROMPT, keys: 'xq f' }]);
    expect(run.exitCode, run.out).toBe(0);
    expect(run.out).not.toContain('why');
    expect(run.out).toContain('False positive clicked by U0APPROVER: a signed request to /slack/interactions');
    expect(run.out).toContain('The job exited 0: decision false_positive');
  });

  it('cancels the job on Ctrl-C, as the runner does, and the demo itself ends normally', async () => {
    const run = await runDemoOnPty(entry, [{ after: KEY_PROMPT, keys: '\u0003' }]);
    expect(run.exitCode, run.out).toBe(0);
    expect(run.out).toContain('Cancelling the job, as the runner does (SIGINT)');
    expect(run.out).toMatch(/The job was cancelled; review \S+ was cancelled\./);
    expect(run.out).toContain('The job exited 1: decision cancelled');
  });
});
