// `secretgate` command line: scan, serve, audit. Exit 0 clean, 1 findings, 2 error.
import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
// The rules, the engine and the reports are imported once a scan is under way: a range
// scan starts git first, which then runs while they load.
import { tuneForBatch } from '../action/batch-tiering.js';
import { ConfigError } from '../action/engine/config-error.js';
import type { Finding } from '../action/engine/types.js';
import { FingerprintKeyError } from '../shared/fingerprint-key.js';
import { FINGERPRINT_KEY_VARIABLE, fingerprintKeyFromEnv } from '../action/fingerprint-key-env.js';
import { startLog, type PatchStream } from '../action/git/log.js';
import { repositoryFullName } from '../action/git/remote.js';
import { RangeError } from '../action/git/revisions.js';
import { createGitRunner, GitError, type GitRunner } from '../action/git/runner.js';
import type { ReportMeta } from '../action/report/meta.js';
import type { ScanReport } from '../action/scan.js';
import { VERSION } from '../action/version.js';

const USAGE = `secretgate ${VERSION}: finds credentials in code; findings are approved in Slack.

Usage:
  secretgate scan --dir PATH          scan files on disk
  secretgate scan --range A..B        scan the lines commits in A..B add (in the current repository)
  secretgate scan --staged            scan staged changes (for a pre-commit hook)
    --format text|json|sarif   report format (default: text)
    --output FILE              write the report to FILE instead of standard output
    --config FILE              a .secretgate.toml or .gitleaks.toml (default: found in the root)
    --baseline FILE            a previous JSON report: its findings are not reported again
    --repo OWNER/NAME          the repository whose fingerprint key SECRETGATE_FINGERPRINT_KEY
                               gives (default: from the origin remote)
    --no-color                 plain text even on a terminal
  secretgate serve                    start the approval server (configured by the environment)
  secretgate audit verify             check the audit log's hash chain (SECRETGATE_DB)
  secretgate audit export --format jsonl|csv [--output FILE]
  secretgate oidc pins | unpin OWNER/NAME   repository IDs pinned for OIDC tokens (SECRETGATE_DB)
  secretgate version

Environment:
  SECRETGATE_FINGERPRINT_KEY   hex or base64, 32 bytes or more: fingerprints become HMACs of the
                               value under a key derived for the repository; unset, they say
                               only where a finding is (rule, file, commit, line)

Exit status: 0 no findings, 1 findings, 2 error.`;

export class UsageError extends Error {}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan':
        tuneForBatch();
        return await scanCommand(rest, io);
      case 'serve':
        return await (await import('../server/serve.js')).serveCommand(rest);
      case 'audit':
        return await (await import('./audit-command.js')).auditCommand(rest);
      case 'oidc':
        return await (await import('./oidc-command.js')).oidcCommand(rest, io);
      case 'version':
      case '--version':
        io.out(`${VERSION}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`Unknown command '${command}'.`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`secretgate: ${e.message}\nRun 'secretgate help' for usage.\n`);
      return 2;
    }
    if (e instanceof ConfigError || e instanceof RangeError || e instanceof GitError || e instanceof FingerprintKeyError) {
      io.err(`secretgate: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

export interface CliIo {
  cwd: string;
  out(s: string): void;
  err(s: string): void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
  };
}

function parseScanArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        dir: { type: 'string' },
        range: { type: 'string' },
        staged: { type: 'boolean' },
        format: { type: 'string', default: 'text' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        baseline: { type: 'string' },
        repo: { type: 'string' },
        'no-color': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

type ScanValues = ReturnType<typeof parseScanArgs>;

async function scanCommand(argv: string[], io: CliIo): Promise<number> {
  const values = parseScanArgs(argv);
  const sources = [values.dir !== undefined, values.range !== undefined, values.staged === true].filter(Boolean).length;
  if (sources !== 1) throw new UsageError('scan needs exactly one of --dir PATH, --range A..B or --staged.');
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    throw new UsageError(`Invalid --format '${format}'. Expected text, json or sarif.`);
  }

  const range = values.range;
  if (range !== undefined) {
    if (range.trim() === '') throw new UsageError('--range needs a range such as main..HEAD.');
    // git would read it as one of its own options (--output=FILE writes a file).
    if (range.startsWith('-')) throw new UsageError(`Invalid --range '${range}': a range such as main..HEAD cannot start with '-'.`);
  }

  const root = resolve(io.cwd, values.dir ?? '.');
  const git = createGitRunner(root);
  const log = range !== undefined ? startLog(git, [range]) : undefined;
  try {
    return await scanWith(values, format, root, git, log, io);
  } catch (e) {
    log?.cancel();
    throw e;
  }
}

async function scanWith(
  values: ScanValues,
  format: 'text' | 'json' | 'sarif',
  root: string,
  git: GitRunner,
  log: PatchStream | undefined,
  io: CliIo,
): Promise<number> {
  const inRepository = values.dir === undefined;
  // Independent: two git questions and the modules the scan needs.
  const [configRoot, remoteName, { loadConfig }, { scanDirectory, scanGitRange, scanStaged }, { formatBytes }] = await Promise.all([
    inRepository ? repositoryRoot(git) : root,
    // The repository's name matters only to derive its fingerprint key.
    inRepository && !values.repo && !io.env.GITHUB_REPOSITORY && io.env[FINGERPRINT_KEY_VARIABLE]?.trim() ? repositoryFullName(git) : undefined,
    import('../action/config-file.js'),
    import('../action/scan.js'),
    import('../action/report/text.js'),
  ]);
  const config = await loadConfig({
    root: configRoot,
    ...(values.config !== undefined && { configPath: resolve(io.cwd, values.config) }),
    ...(values.baseline !== undefined && { baselinePath: resolve(io.cwd, values.baseline) }),
  });
  const fingerprintKey = fingerprintKeyFromEnv(io.env, values.repo || io.env.GITHUB_REPOSITORY || remoteName || basename(root));
  const progress = io.isTTY && format === 'text' && values.output === undefined;
  const options = {
    config,
    ...(fingerprintKey && { fingerprintKey }),
    ...(progress && { onProgress: (bytes: number) => io.err(`\rscanned ${formatBytes(bytes)}…`) }),
  };

  let report: ScanReport;
  let target: string;
  if (values.dir !== undefined) {
    target = values.dir;
    report = await scanDirectory(root, options);
  } else if (values.staged) {
    target = 'staged';
    report = await scanStaged(git, options);
  } else {
    target = values.range!;
    report = await scanGitRange(git, [target], options, log);
  }
  if (progress && report.stats.bytes > 4 * 1024 * 1024) io.err('\r\x1b[K');

  // What could not be scanned is reported beside the findings, and fails the scan like one.
  const { unscannedItem } = await import('../action/review-items.js');
  const findings: Finding[] = [...report.findings, ...report.unscanned.map((u) => unscannedItem(u, values.repo || io.env.GITHUB_REPOSITORY || basename(root)))];
  const meta: ReportMeta = { version: VERSION, target, stats: report.stats };
  const text = await render(format, findings, meta, { colour: io.isTTY && !values['no-color'] && values.output === undefined && !io.env.NO_COLOR });
  if (values.output !== undefined) {
    await writeFile(resolve(io.cwd, values.output), text);
    if (format !== 'text') io.err(`${findings.length} finding(s); report written to ${values.output}\n`);
  } else io.out(text);
  return findings.length > 0 ? 1 : 0;
}

async function render(format: 'text' | 'json' | 'sarif', findings: Finding[], meta: ReportMeta, opts: { colour: boolean }): Promise<string> {
  if (format === 'json') return (await import('../action/report/json.js')).formatJson(findings, meta);
  if (format === 'sarif') return (await import('../action/report/sarif.js')).formatSarif(findings, meta);
  return (await import('../action/report/text.js')).formatText(findings, meta, opts);
}

async function repositoryRoot(git: GitRunner): Promise<string> {
  const r = await git.run(['rev-parse', '--show-toplevel'], { allowFailure: true });
  return r.exitCode === 0 ? r.stdout.trim() : git.cwd;
}
