// The Action, top to bottom: settings → range → scan → report → gate → outputs. main.ts calls
// run(); a test can call it in-process. This is the only place that calls core.setFailed.
import * as core from '@actions/core';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createApiClient, type ApiClient } from './api-client.js';
import { createTokenProvider } from './auth.js';
import { listenForCancel } from './cancel-signal.js';
import { reportCleanRun } from './clean-run.js';
import { decide, type Decided } from './decide.js';
import type { Finding } from './engine/types.js';
import { resolveFingerprintKeying, type FingerprintKeying } from './fingerprint-key.js';
import { JobCancelledError } from './gate.js';
import { createGitRunner, type GitRunner } from './git/runner.js';
import { readSettings, type Settings } from './inputs.js';
import { maskSecrets } from './mask.js';
import { setOutputs } from './outputs.js';
import { resolveRange, type ScanRange } from './range.js';
import { configChangeItem, unscannedItem } from './review-items.js';
import { annotateFindings } from './report/annotations.js';
import { toSarif } from './report/sarif.js';
import { writeSummary } from './report/summary.js';
import { scanGitRange, type ScanReport } from './scan.js';
import { loadTrustedConfig, trustedCommitOf } from './trusted-config.js';
import { VERSION } from './version.js';

/** Runs the step with the runner's environment `env`; resolves with what it decided (the step's failure is already set). */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<Decided> {
  const cancel = listenForCancel((name) => core.info(`Received ${name}: cancelling.`));
  // What is known so far, so that a failure at any step still reports it.
  let range: ScanRange | undefined;
  let report: ScanReport | undefined;
  // Findings, and beside them what goes to review with them: unscanned parts, config changes.
  let items: Finding[] = [];
  let sarifFile: string | undefined;
  let outcome: Decided;
  try {
    const settings = readSettings(env);
    const git = createGitRunner(settings.runner.workspace);
    const client: ApiClient | undefined = settings.serverUrl
      ? createApiClient({ serverUrl: settings.serverUrl, token: createTokenProvider(settings.apiToken, settings.oidcAudience, settings.oidcAvailable) })
      : undefined;

    // The key comes before the scan (fingerprints are made while scanning); both waits overlap.
    const [resolved, keying] = await Promise.all([
      resolveRange(git, { ...settings.runner, base: settings.base, head: settings.head, remote: settings.remote }),
      resolveFingerprintKeying(settings, client, cancel.signal),
    ]);
    range = resolved;
    core.info(`Scanning ${range.description}.`);

    const scanned = await scan(git, settings, range, keying);
    report = scanned.report;
    const { findings } = report;
    // Mask every found value before anything could print it.
    maskSecrets(findings.map((f) => f.secret));
    items = [...findings, ...scanned.extra];
    core.info(`${plural(findings.length, 'finding')} in ${plural(report.stats.commits, 'commit')}.`);
    for (const i of scanned.extra) core.info(`For review: ${i.file}: ${i.description}`);

    sarifFile = await writeSarif(settings.sarifFile, items, range, report);
    annotateFindings(items, settings.serverUrl ? 'warning' : 'error');

    // Cancelled while scanning: nothing was opened yet, and a cancelled job must not pass.
    if (cancel.signal.aborted) throw new JobCancelledError(undefined);
    outcome = await decide(settings, client, range, items, cancel.signal, keying.unavailable);
    // The server sets the commit's `secretgate` status; a clean scan is the job's to report.
    if (outcome.decision === 'clean') await reportCleanRun(settings, client, range, cancel.signal);
  } catch (error) {
    // The runner signals the whole process group: git may die of the same SIGINT mid-scan.
    const cancelled = error instanceof JobCancelledError || cancel.signal.aborted;
    const message = cancelled && !(error instanceof JobCancelledError) ? new JobCancelledError(undefined).message : (error as Error).message;
    outcome = { passed: false, decision: cancelled ? 'cancelled' : 'error', message };
  } finally {
    cancel.dispose();
  }

  setOutputs({ decision: outcome.decision, findings: items.length, reviewUrl: outcome.reviewUrl, sarifFile });
  await writeSummary({
    rangeDescription: range?.description,
    commitsScanned: report?.stats.commits,
    findings: items,
    verdict: outcome.message,
    passed: outcome.passed,
    reviewUrl: outcome.reviewUrl,
  }).catch((error: unknown) => core.warning(`Could not write the job summary: ${(error as Error).message}`));
  if (outcome.passed) core.info(outcome.message);
  else core.setFailed(outcome.message);
  return outcome;
}

/**
 * Scans the range with the configuration of the commit already reviewed (the base), inline
 * markers reported rather than obeyed; returns, beside the report, what else goes to review:
 * the parts not scanned and the push's changes to the configuration.
 */
async function scan(git: GitRunner, settings: Settings, range: ScanRange, keying: FingerprintKeying): Promise<{ report: ScanReport; extra: Finding[] }> {
  const { repository } = settings.runner;
  const trusted = await loadTrustedConfig(git, {
    trusted: await trustedCommitOf(git, range, {
      ref: settings.runner.payload.ref ?? settings.runner.ref,
      defaultBranch: settings.runner.payload.repository?.default_branch,
      remote: settings.remote,
    }),
    head: range.head,
    configPath: settings.configPath,
  });
  core.info(trusted.trustedCommit ? `Configuration as of ${trusted.trustedCommit.slice(0, 7)} (already reviewed).` : 'No reviewed configuration found: built-in rules only.');
  // No revisions means nothing to scan (a deleted branch); `git log` without any would read HEAD.
  const report: ScanReport =
    range.revs.length === 0
      ? { findings: [], unscanned: [], stats: { source: 'range', commits: 0, files: 0, bytes: 0, skipped: [], suppressed: 0, durationMs: 0 } }
      : await scanGitRange(git, range.revs, {
          config: trusted.config,
          inlineMarkers: 'flag',
          ...(keying.fingerprintKey && { fingerprintKey: keying.fingerprintKey }),
          ...(keying.legacySalt !== undefined && { legacySalt: keying.legacySalt }),
        });
  const extra = [
    ...report.unscanned.map((u) => unscannedItem(u, repository)),
    ...(range.revs.length === 0 ? [] : trusted.changes.map((c) => configChangeItem(c, repository, range.head))),
  ];
  return { report, extra };
}

async function writeSarif(path: string, findings: Finding[], range: ScanRange, report: ScanReport): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(toSarif(findings, { version: VERSION, target: range.description, stats: report.stats }), null, 2));
  return path;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

