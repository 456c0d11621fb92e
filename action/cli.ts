// `secretgate` command line: scan, serve, audit. Exit 0 clean, 1 findings, 2 error.
import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './config-file.js';
import { ConfigError } from './engine/config.js';
import type { RawFinding } from './engine/types.js';
import { repositoryFullName } from './git/remote.js';
import { RangeError } from './git/revisions.js';
import { createGitRunner, GitError } from './git/runner.js';
import { formatJson } from './report/json.js';
import type { ReportMeta } from './report/meta.js';
import { formatSarif } from './report/sarif.js';
import { formatBytes, formatText } from './report/text.js';
import { scanDirectory, scanGitRange, scanStaged, type ScanReport } from './scan.js';
import { VERSION } from './version.js';

const USAGE = `secretgate ${VERSION}: finds credentials in code; findings are approved in Slack.

Usage:
  secretgate scan --dir PATH          scan files on disk
  secretgate scan --range A..B        scan the lines commits in A..B add (in the current repository)
  secretgate scan --staged            scan staged changes (for a pre-commit hook)
    --format text|json|sarif   report format (default: text)
    --output FILE              write the report to FILE instead of standard output
    --config FILE              a .secretgate.toml or .gitleaks.toml (default: found in the root)
    --baseline FILE            a previous JSON report: its findings are not reported again
    --repo OWNER/NAME          fingerprint salt (default: from the origin remote)
    --no-color                 plain text even on a terminal
  secretgate serve                    start the approval server (configured by the environment)
  secretgate audit verify             check the audit log's hash chain (SECRETGATE_DB)
  secretgate audit export --format jsonl|csv [--output FILE]
  secretgate version

Exit status: 0 no findings, 1 findings, 2 error.`;

export class UsageError extends Error {}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan':
        return await scanCommand(rest, io);
      case 'serve':
      case 'audit': {
        const server = await import('../server/cli-commands.js');
        return command === 'serve' ? await server.serveCommand(rest) : await server.auditCommand(rest);
      }
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
    if (e instanceof ConfigError || e instanceof RangeError || e instanceof GitError) {
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

async function scanCommand(argv: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
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
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const sources = [values.dir !== undefined, values.range !== undefined, values.staged === true].filter(Boolean).length;
  if (sources !== 1) throw new UsageError('scan needs exactly one of --dir PATH, --range A..B or --staged.');
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    throw new UsageError(`Invalid --format '${format}'. Expected text, json or sarif.`);
  }

  const root = resolve(io.cwd, values.dir ?? '.');
  const git = createGitRunner(root);
  const inRepository = values.dir === undefined;
  // Two independent git questions, asked at once.
  const [configRoot, remoteName] = await Promise.all([
    inRepository ? repositoryRoot(root) : root,
    inRepository && !values.repo && !io.env.GITHUB_REPOSITORY ? repositoryFullName(git) : undefined,
  ]);
  const config = await loadConfig({
    root: configRoot,
    ...(values.config !== undefined && { configPath: resolve(io.cwd, values.config) }),
    ...(values.baseline !== undefined && { baselinePath: resolve(io.cwd, values.baseline) }),
  });
  const salt = values.repo || io.env.GITHUB_REPOSITORY || remoteName || basename(root);
  const progress = io.isTTY && format === 'text' && values.output === undefined;
  const options = {
    config,
    salt,
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
    if (target.trim() === '') throw new UsageError('--range needs a range such as main..HEAD.');
    // git would read it as one of its own options (--output=FILE writes a file).
    if (target.startsWith('-')) throw new UsageError(`Invalid --range '${target}': a range such as main..HEAD cannot start with '-'.`);
    report = await scanGitRange(git, [target], options);
  }
  if (progress && report.stats.bytes > 4 * 1024 * 1024) io.err('\r\x1b[K');

  const meta: ReportMeta = { version: VERSION, target, stats: report.stats };
  const text = render(format, report.findings, meta, { colour: io.isTTY && !values['no-color'] && values.output === undefined && !io.env.NO_COLOR });
  if (values.output !== undefined) {
    await writeFile(resolve(io.cwd, values.output), text);
    if (format !== 'text') io.err(`${report.findings.length} finding(s); report written to ${values.output}\n`);
  } else io.out(text);
  return report.findings.length > 0 ? 1 : 0;
}

function render(format: 'text' | 'json' | 'sarif', findings: RawFinding[], meta: ReportMeta, opts: { colour: boolean }): string {
  if (format === 'json') return formatJson(findings, meta);
  if (format === 'sarif') return formatSarif(findings, meta);
  return formatText(findings, meta, opts);
}

async function repositoryRoot(dir: string): Promise<string> {
  const r = await createGitRunner(dir).run(['rev-parse', '--show-toplevel'], { allowFailure: true });
  return r.exitCode === 0 ? r.stdout.trim() : dir;
}
