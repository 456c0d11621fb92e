// Worker-thread half of a range scan: runs `git log -p` and the diff parser off the main
// thread, so git, parsing and detection use both cores instead of taking turns. Posts
// fragments to the parent and pauses git while too much text waits to be scanned, which keeps
// memory bounded however long the history.
import { parentPort, workerData } from 'node:worker_threads';
import { StringDecoder } from 'node:string_decoder';
import { DiffParser } from './diff-parser.js';
import { GitError, createGitRunner } from './runner.js';
import type { WorkerRequest, WorkerMessage } from './log-protocol.js';

const request = workerData as WorkerRequest;
const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);

// Characters posted but not yet acknowledged; git waits above the mark.
let unscanned = 0;
const { child, done } = createGitRunner(request.cwd).stream(request.args);
port.on('message', (ack: number) => {
  unscanned -= ack;
  if (unscanned < request.highWaterChars / 2 && child.stdout.isPaused()) child.stdout.resume();
});

const parser = new DiffParser({
  maxFileBytes: request.maxFileBytes,
  onFragment(fragment) {
    unscanned += fragment.text.length;
    post({ kind: 'fragment', fragment });
    if (unscanned > request.highWaterChars) child.stdout.pause();
  },
  onSkip(skipped) {
    post({ kind: 'skip', skipped });
  },
});
const decoder = new StringDecoder('utf8');
child.stdout.on('data', (chunk: Buffer) => parser.write(decoder.write(chunk)));

done.then(
  () => {
    parser.write(decoder.end());
    parser.end();
    post({ kind: 'end', stats: parser.stats });
  },
  (error: unknown) => {
    const e = error as GitError;
    post({ kind: 'error', message: e.message, args: e.args ?? [], exitCode: e.exitCode ?? null, stderr: e.stderr ?? '' });
  },
);
