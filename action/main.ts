// The Action, top to bottom: settings → range → scan → report → gate → outputs.
// This is the only place that calls core.setFailed.
import * as core from '@actions/core';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createApiClient, ServerUnreachableError, ServerResponseError } from './api-client.js';
import { createTokenProvider } from './auth.js';
import { listenForCancel } from './cancel-signal.js';
import { loadConfig } from './config-file.js';
import type { RawFinding } from './engine/types.js';
import { awaitDecision, JobCancelledError } from './gate.js';
import { createGitRunner } from './git/runner.js';
import { maskSecrets } from './mask.js';
import { setOutputs, type Outputs } from './outputs.js';
import { resolveRange } from './range.js';
import { annotateFindings } from './report/annotations.js';
import { toSarif } from './report/sarif.js';
import { writeSummary } from './report/summary.js';
import { buildReviewRequest } from './review-request.js';
import { scanGitRange } from './scan.js';
import { readSettings, type Settings } from './settings.js';
import { judgeReview, judgeUnreviewed, type Verdict } from './verdict.js';
import { VERSION } from './version.js';

async function run(): Promise<void> {
  const cancel = listenForCancel((name) => core.info(`Received ${name}: cancelling.`));
  const outputs: Outputs = { decision: 'error', findings: 0 };
  try {
    const settings = readSettings();
    const git = createGitRunner(settings.runner.workspace);

    const range = await resolveRange(git, { ...settings.runner, base: settings.base, head: settings.head, remote: settings.remote });
    core.info(`Scanning ${range.description}.`);

    const { workspace } = settings.runner;
    const config = await loadConfig({ root: workspace, configPath: settings.configPath && resolve(workspace, settings.configPath) });
    // No revisions means nothing to scan (a deleted branch); `git log` without any would read HEAD.
    const report = range.revs.length
      ? await scanGitRange(git, range.revs, { config, salt: settings.runner.repository })
      : { findings: [], stats: { source: 'range' as const, commits: 0, files: 0, bytes: 0, skipped: [], suppressed: 0, durationMs: 0 } };
    const findings = report.findings;
    // Mask every found value before anything could print it.
    maskSecrets(findings.map((f) => f.secret));
    outputs.findings = findings.length;
    core.info(`${findings.length} finding${findings.length === 1 ? '' : 's'} in ${report.stats.commits} commit${report.stats.commits === 1 ? '' : 's'}.`);

    const meta = { version: VERSION, target: range.description, stats: report.stats };
    await mkdir(dirname(settings.sarifFile), { recursive: true });
    await writeFile(settings.sarifFile, JSON.stringify(toSarif(findings, meta), null, 2));
    outputs.sarifFile = settings.sarifFile;
    annotateFindings(findings, settings.serverUrl ? 'warning' : 'error');

    // Cancelled while scanning: nothing was opened yet, and a cancelled job must not pass.
    if (cancel.signal.aborted) throw new JobCancelledError(undefined);
    const verdict = await decide(settings, range, findings, cancel.signal, outputs);
    outputs.decision = verdict.decision;
    await writeSummary({
      rangeDescription: range.description,
      commitsScanned: report.stats.commits,
      findings,
      verdict: verdict.message,
      passed: verdict.passed,
      reviewUrl: outputs.reviewUrl,
      sarifFile: outputs.sarifFile,
    });
    setOutputs(outputs);
    if (!verdict.passed) throw new Error(verdict.message);
    core.info(verdict.message);
  } catch (error) {
    if (error instanceof JobCancelledError) outputs.decision = 'cancelled';
    setOutputs(outputs);
    core.setFailed((error as Error).message);
  } finally {
    cancel.dispose();
  }
}

async function decide(
  settings: Settings,
  range: Awaited<ReturnType<typeof resolveRange>>,
  findings: readonly RawFinding[],
  signal: AbortSignal,
  outputs: Outputs,
): Promise<Verdict> {
  if (findings.length === 0) return { passed: true, decision: 'clean', message: 'No secrets found.' };
  if (!settings.serverUrl) return judgeUnreviewed(findings.length);
  const client = createApiClient({
    serverUrl: settings.serverUrl,
    token: createTokenProvider(settings.apiToken, settings.oidcAudience),
  });
  try {
    const result = await awaitDecision(buildReviewRequest(settings, range, findings), {
      client,
      timeoutSeconds: settings.timeoutSeconds,
      signal,
      log: core.info,
    });
    outputs.reviewUrl = result.review.url;
    return judgeReview(result, settings.timeoutSeconds);
  } catch (error) {
    if (error instanceof JobCancelledError) outputs.reviewUrl = error.review?.url;
    const unavailable =
      error instanceof ServerUnreachableError ||
      (error instanceof ServerResponseError && (error.status >= 500 || error.status === 429));
    if (unavailable && settings.failOpen) {
      core.warning(`${(error as Error).message}. Passing because fail-open is set.`);
      return { passed: true, decision: 'error', message: `Passed without a review (fail-open): ${(error as Error).message}` };
    }
    throw error;
  }
}

await run();
