// `secretgate audit verify | export`: the audit log of the database the server uses. Returns an
// exit code rather than exiting, so the CLI decides how to leave.
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { loadStoreConfig, storeOptions } from '../server/config/server.js';
import { exportAudit, verifyAuditChain } from '../server/store/audit.js';
import { anchorProblem, formatAuditAnchor, parseAuditAnchor, type AuditAnchor } from '../server/store/audit-head.js';
import { openStore } from '../server/store/db.js';
import type { Database } from '../server/store/sqlite.js';
import { processIo, type CommandIo } from './io.js';

const AUDIT_USAGE = `usage: secretgate audit verify [--head SEQ:HASH] [--db FILE]
       secretgate audit export [--format jsonl|csv] [--output FILE] [--db FILE]
The database is SECRETGATE_DB (default ./secretgate.db) unless --db names one.
verify prints the head as SEQ:HASH; note it, and pass it as --head later to check that the
event is still there, unchanged.
Exit codes: 0 ok, 1 the chain is broken or the --head event is missing or differs, 2 error.
`;

interface AuditArgs {
  sub: string | undefined;
  db: string;
  format: 'jsonl' | 'csv';
  output: string | undefined;
  head: AuditAnchor | undefined;
}

function parseAuditArgs(argv: string[]): AuditArgs {
  const args: AuditArgs = {
    sub: argv[0],
    db: loadStoreConfig(process.env).dbPath,
    format: 'jsonl',
    output: undefined,
    head: undefined,
  };
  for (let i = 1; i < argv.length; i++) {
    const flag = argv[i]!;
    const [name, inline] = flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${name} needs a value`);
      return v;
    };
    if (name === '--db') args.db = value();
    else if (name === '--output' || name === '-o') args.output = value();
    else if (name === '--head' && argv[0] === 'verify') args.head = parseAuditAnchor(value());
    else if (name === '--format') {
      const f = value();
      if (f !== 'jsonl' && f !== 'csv') throw new Error(`--format must be jsonl or csv, not '${f}'`);
      args.format = f;
    } else throw new Error(`unknown option '${flag}'`);
  }
  return args;
}

/** `audit verify` and `audit export` on the database the server uses. */
export async function auditCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  let args: AuditArgs;
  try {
    args = parseAuditArgs(argv);
  } catch (err) {
    io.err(`secretgate audit: ${(err as Error).message}\n${AUDIT_USAGE}`);
    return 2;
  }
  if (args.sub === '--help' || args.sub === '-h' || args.sub === 'help') {
    io.out(AUDIT_USAGE);
    return 0;
  }
  if (args.sub !== 'verify' && args.sub !== 'export') {
    io.err(`secretgate audit: ${args.sub ? `unknown subcommand '${args.sub}'` : 'a subcommand is required'}\n${AUDIT_USAGE}`);
    return 2;
  }
  if (!existsSync(args.db)) {
    io.err(`secretgate audit: no database at ${args.db} (set SECRETGATE_DB or pass --db)\n`);
    return 2;
  }
  let db;
  try {
    db = openStore(args.db, { readonly: true, ...storeOptions(loadStoreConfig(process.env)) });
  } catch (err) {
    io.err(`secretgate audit: cannot open ${args.db}: ${(err as Error).message}\n`);
    return 2;
  }
  try {
    if (args.sub === 'verify') return verifyOutput(db, args.head, io);
    if (args.output) {
      const fd = openSync(args.output, 'w');
      try {
        for (const chunk of exportAudit(db, args.format)) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
    } else {
      for (const chunk of exportAudit(db, args.format)) io.out(chunk);
    }
    return 0;
  } catch (err) {
    io.err(`secretgate audit: ${(err as Error).message}\n`);
    return 2;
  } finally {
    db.close();
  }
}

/** Prints the verdict and the head, then checks the auditor's anchor; returns the exit code. */
function verifyOutput(db: Database, head: AuditAnchor | undefined, io: CommandIo): number {
  const verdict = verifyAuditChain(db);
  if (!verdict.ok) {
    io.out(`audit chain BROKEN at event ${verdict.seq}: ${verdict.reason} (${verdict.events} event(s) before it verified)\n`);
    return 1;
  }
  io.out(`audit chain intact: ${verdict.events} event(s), head ${formatAuditAnchor({ seq: verdict.headSeq, hash: verdict.head })}\n`);
  if (!verdict.tailChecked) {
    io.out('note: this database predates schema 5, so a deleted tail cannot be seen; start the server once to migrate it\n');
  }
  if (!head) return 0;
  const problem = anchorProblem(db, head);
  if (problem) {
    io.out(`audit head ${formatAuditAnchor(head)} NOT FOUND: ${problem}\n`);
    return 1;
  }
  io.out(`audit head ${formatAuditAnchor(head)} found unchanged\n`);
  return 0;
}
