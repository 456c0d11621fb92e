// The Action, top to bottom: settings → range → scan → report → gate → outputs.
// This is the only place that calls core.setFailed.
import * as core from '@actions/core';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { listenForCancel } from './cancel-signal.js';
import { reportCleanRun } from './clean-run.js';
import { loadConfig } from './config-file.js';
import { decide, type Decided } from './decide.js';
import type { RawFinding } from './engine/types.js';
import { resolveFingerprintKeying, type FingerprintKeying } from './fingerprint-key.js';
import { JobCancelledError } from './gate.js';
import { createGitRunner, type GitRunner } from './git/runner.js';
import { maskSecrets } from './mask.js';
import { setOutputs } from './outputs.js';
import { resolveRange, type ScanRange } from './range.js';
import { annotateFindings } from './report/annotations.js';
import { toSarif } from './report/sarif.js';
import { writeSummary } from './report/summary.js';
import { scanGitRange, type ScanReport } from './scan.js';
import { readSettings, type Settings } from './settings.js';
import { VERSION } from './version.js';

async function run(): Promise<void> {
  const cancel = listenForCancel((name) => core.info(`Received ${name}: cancelling.`));
  // What is known so far, so that a failure at any step still reports it.
  let range: ScanRange | undefined;
  let report: ScanReport | undefined;
  let sarifFile: string | undefined;
  let outcome: Decided;
  try {
    const settings = readSettings();
    const git = createGitRunner(settings.runner.workspace);

    // The key comes before the scan (fingerprints are made while scanning); both waits overlap.
    const [resolved, keying] = await Promise.all([
      resolveRange(git, { ...settings.runner, base: settings.base, head: settings.head, remote: settings.remote }),
      resolveFingerprintKeying(settings, cancel.signal),
    ]);
    range = resolved;
    core.info(`Scanning ${range.description}.`);

    report = await scan(git, settings, range, keying);
    const { findings } = report;
    // Mask every found value before anything could print it.
    maskSecrets(findings.map((f) => f.secret));
    core.info(`${plural(findings.length, 'finding')} in ${plural(report.stats.commits, 'commit')}.`);

    sarifFile = await writeSarif(settings.sarifFile, findings, range, report);
    annotateFindings(findings, settings.serverUrl ? 'warning' : 'error');

    // Cancelled while scanning: nothing was opened yet, and a cancelled job must not pass.
    if (cancel.signal.aborted) throw new JobCancelledError(undefined);
    outcome = await decide(settings, range, findings, cancel.signal, keying.unavailable);
    // The server sets the commit's `secretgate` status; a clean scan is the job's to report.
    if (outcome.decision === 'clean') await reportCleanRun(settings, range, cancel.signal);
  } catch (error) {
    // The runner signals the whole process group: git may die of the same SIGINT mid-scan.
    const cancelled = error instanceof JobCancelledError || cancel.signal.aborted;
    const message = cancelled && !(error instanceof JobCancelledError) ? new JobCancelledError(undefined).message : (error as Error).message;
    outcome = { passed: false, decision: cancelled ? 'cancelled' : 'error', message };
  } finally {
    cancel.dispose();
  }

  const findings = report?.findings ?? [];
  setOutputs({ decision: outcome.decision, findings: findings.length, reviewUrl: outcome.reviewUrl, sarifFile });
  await writeSummary({
    rangeDescription: range?.description,
    commitsScanned: report?.stats.commits,
    findings,
    verdict: outcome.message,
    passed: outcome.passed,
    reviewUrl: outcome.reviewUrl,
  }).catch((error: unknown) => core.warning(`Could not write the job summary: ${(error as Error).message}`));
  if (outcome.passed) core.info(outcome.message);
  else core.setFailed(outcome.message);
}

async function scan(git: GitRunner, settings: Settings, range: ScanRange, keying: FingerprintKeying): Promise<ScanReport> {
  const { workspace } = settings.runner;
  const config = await loadConfig({ root: workspace, configPath: settings.configPath && resolve(workspace, settings.configPath) });
  // No revisions means nothing to scan (a deleted branch); `git log` without any would read HEAD.
  if (range.revs.length === 0) {
    return { findings: [], stats: { source: 'range', commits: 0, files: 0, bytes: 0, skipped: [], suppressed: 0, durationMs: 0 } };
  }
  return scanGitRange(git, range.revs, {
    config,
    ...(keying.fingerprintKey && { fingerprintKey: keying.fingerprintKey }),
    ...(keying.legacySalt !== undefined && { legacySalt: keying.legacySalt }),
  });
}

async function writeSarif(path: string, findings: RawFinding[], range: ScanRange, report: ScanReport): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(toSarif(findings, { version: VERSION, target: range.description, stats: report.stats }), null, 2));
  return path;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

await run();
