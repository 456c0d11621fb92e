// `npm run demo`: the whole loop on one machine, no Slack account, no GitHub. Starts the
// approval server on a temporary SQLite file and a Slack stand-in, makes a sample repository
// with a planted fake credential, runs the bundled Action as the runner would, shows the
// Slack message as a person sees it, and lets you press a key to decide (a signed click).
// Without a terminal it decides by itself.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { planted } from '../support/planted.js';
import { APPROVER, startTestServer, type TestServer } from '../support/server-harness.js';
import type { Button } from '../support/slack-signing.js';
import { click, reviewIdOf } from '../support/gate-scenario.js';
import { commit, initRepo, removeDir } from '../support/git-fixture.js';
import { distEntry, runnerNode, startAction } from '../support/run-action.js';
import { ansi, plain, renderMessage, renderWorkflowCommand, type Style } from './render-slack.js';

export interface DemoOptions {
  /** Where to print (default: stdout). */
  write?: (text: string) => void;
  /** Ask for a key press; false: decide by itself. Default: whether stdin is a terminal. */
  interactive?: boolean;
  /** What to press when deciding by itself. */
  autoDecision?: Button;
  color?: boolean;
}

export interface DemoResult {
  exitCode: number | null;
  decision: string;
  clickToExitMs?: number;
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const write = options.write ?? ((t: string) => void process.stdout.write(t));
  const interactive = options.interactive ?? (process.stdin.isTTY === true);
  const style: Style = options.color ?? process.stdout.isTTY ? ansi : plain;
  const say = (line = '') => write(`${line}\n`);
  const step = (n: number, text: string) => say(`\n${style.bold(`${n}.`)} ${text}`);

  if (!existsSync(distEntry)) throw new Error(`${distEntry} is missing: run npm run build first.`);
  const t0 = performance.now();
  say(style.bold('secretgate demo') + ' — push → scan → Slack → decision → job result, all on this machine.');

  let server: TestServer | undefined;
  let repo: string | undefined;
  try {
    server = await startTestServer();
    step(1, `Approval server on ${server.url}, database ${server.dbPath}`);
    say(`   Slack Web API stand-in on ${server.slack.apiUrl} (records what the server posts)`);

    repo = initRepo();
    const before = commit(repo, 'Initial commit', { 'README.md': '# widgets\n' });
    const after = commit(repo, 'Add deployment config', {
      'deploy/config.yml': `service: widgets\nregion: eu-west-1\ngithub_token: ${planted.githubPat}\n`,
    });
    step(2, `Sample repository ${repo}`);
    say(`   commit ${after.slice(0, 7)} "Add deployment config" plants a fake GitHub token in deploy/config.yml`);

    const version = (await import('node:child_process')).execFileSync(runnerNode, ['--version'], { encoding: 'utf8' }).trim();
    step(3, `The runner starts dist/index.js (node ${version}) for a push to main`);
    const repository = 'acme/widgets';
    const action = startAction({
      workspace: repo,
      eventName: 'push',
      payload: { ref: 'refs/heads/main', before, after, repository: { full_name: repository } },
      sha: after,
      repository,
      runId: String(Date.now()),
      inputs: { 'server-url': server.url, 'api-token': server.apiToken, timeout: '10m' },
    });
    const started = performance.now();
    // Show the job log as the runner would: workflow commands rendered, masks consumed.
    const showLog = (text: string) => {
      for (const line of text.split('\n').slice(0, -1)) {
        const shown = renderWorkflowCommand(line);
        if (shown !== undefined) say(style.dim(`   │ ${shown}`));
      }
    };
    let buffered = '';
    action.child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const cut = buffered.lastIndexOf('\n');
      if (cut >= 0) {
        showLog(buffered.slice(0, cut + 1));
        buffered = buffered.slice(cut + 1);
      }
    });

    const reviewId = await reviewIdOf(action);
    const opened = performance.now();
    await server.slack.waitFor((s) => s.delivered('chat.postMessage').length > 0, 10_000, 'the Slack message');
    const posted = server.slack.delivered('chat.postMessage')[0]!;
    step(4, `Slack, channel ${String(posted.args.channel)} — what the approvers see:`);
    box(say, renderMessage(posted.args, style));

    const button = interactive ? await askForButton(say) : (options.autoDecision ?? 'approve');
    // Approve and Block open a modal in Slack that asks why; its submission decides.
    let reason = button === 'block' ? DEMO_BLOCK_REASON : DEMO_APPROVE_REASON;
    if (interactive && (button === 'approve' || button === 'block')) {
      const question = button === 'approve' ? 'Approve — why may it stay?' : 'Block — why is this push blocked?';
      reason = (await askLine(`   ${question} [${reason}] `)) || reason;
    }
    if (!interactive) say(`   (no terminal: pressing ${labels[button]} by itself)`);
    if (button === 'cancel') {
      step(5, 'Cancelling the job, as the runner does (SIGINT)');
      action.child.kill('SIGINT');
    } else if (button === 'false_positive') {
      step(5, `${labels[button]} clicked by ${APPROVER}: a signed request to /slack/interactions`);
    } else {
      step(5, `${labels[button]} clicked by ${APPROVER}: a signed request to /slack/interactions; Slack opens a modal, the reason "${reason}" is submitted (a second signed request)`);
    }
    const clicked = performance.now();
    const exited = action.result.then((r) => ({ r, at: performance.now() }));
    if (button !== 'cancel') {
      const res = await click(server, reviewId, button, { reason });
      say(`   the server answered ${res.status}`);
    }
    const { r: result, at } = await exited;
    if (buffered) showLog(`${buffered}\n`);

    step(6, `The job exited ${result.exitCode}: decision ${style.bold(result.outputs.decision ?? '?')}`);
    await server.slack.waitFor((s) => s.delivered('chat.update').length > 0, 5000, 'the message update').catch(() => undefined);
    const updated = server.slack.delivered('chat.update').at(-1);
    if (updated) {
      say('   The Slack message now reads:');
      box(say, renderMessage(updated.args, style));
    }
    say(style.bold('Timings'));
    say(`   job start → review opened (scan + request):  ${(opened - started).toFixed(0)} ms`);
    say(`   click → job exit:                             ${(at - clicked).toFixed(0)} ms`);
    say(`   whole demo:                                   ${(performance.now() - t0).toFixed(0)} ms`);
    say(`   The planted value appeared nowhere above: the runner masks it and secretgate prints only "${planted.githubPat.slice(0, 6)}…".`);
    return { exitCode: result.exitCode, decision: result.outputs.decision ?? '', clickToExitMs: at - clicked };
  } finally {
    await server?.close();
    if (repo) removeDir(repo);
  }
}

export const DEMO_APPROVE_REASON = 'demo: a fake credential, nothing to rotate';
export const DEMO_BLOCK_REASON = 'demo: a token in deploy/config.yml; rotate it and use a secret store';

const labels: Record<Button | 'cancel', string> = {
  approve: 'Approve',
  false_positive: 'False positive',
  block: 'Block',
  cancel: 'Cancel',
};

function box(say: (l?: string) => void, lines: string[]): void {
  say('   ┌─────────────────────────────────────────────────────────────');
  for (const l of lines) say(`   │ ${l}`);
  say('   └─────────────────────────────────────────────────────────────');
}

async function askLine(prompt: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(prompt)).trim();
  } finally {
    rl.close();
  }
}

async function askForButton(say: (l?: string) => void): Promise<Button | 'cancel'> {
  const stdin = process.stdin;
  // Raw before the prompt: a Ctrl-C typed the moment the prompt shows must reach us as a key,
  // not the terminal's SIGINT.
  stdin.setRawMode(true);
  stdin.resume();
  say('   Press a = Approve, f = False positive, b = Block (Ctrl-C cancels the job).');
  try {
    for (;;) {
      const chunk = await new Promise<string>((resolve) => stdin.once('data', (d: Buffer) => resolve(d.toString('utf8'))));
      // Keys pressed before the prompt, or quickly, arrive together: the first one that means something counts.
      for (const key of chunk) {
        if (key === 'a' || key === 'A') return 'approve';
        if (key === 'f' || key === 'F') return 'false_positive';
        if (key === 'b' || key === 'B') return 'block';
        if (key === '\u0003') return 'cancel';
      }
    }
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const decision = process.env.DEMO_DECISION as Button | undefined;
  runDemo(decision ? { autoDecision: decision } : {}).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
