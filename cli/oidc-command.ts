// `secretgate oidc pins | unpin OWNER/NAME`: the repository IDs pinned for OIDC tokens, and
// forgetting one when a repository was deleted and made again on purpose.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { loadStoreConfig, storeOptions } from '../server/config/server.js';
import { openStore } from '../server/store/db.js';
import { listPins, unpinRepository } from '../server/store/oidc-repositories.js';
import type { CommandIo } from './io.js';

const USAGE = `usage: secretgate oidc pins [--db FILE]
       secretgate oidc unpin OWNER/NAME [--db FILE]
pins lists each repository's repository_id, pinned the first time an OIDC token named it.
unpin forgets one (a repository deleted and made again on purpose): the next token pins the
new ID. The database is SECRETGATE_DB (default ./secretgate.db) unless --db names one.
Exit codes: 0 ok, 1 nothing was pinned for that repository, 2 error.
`;

export async function oidcCommand(argv: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    if (sub === undefined) io.err(USAGE);
    else io.out(USAGE);
    return sub === undefined ? 2 : 0;
  }
  let db = loadStoreConfig(process.env).dbPath;
  const names: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--db' && rest[i + 1]) db = rest[++i]!;
    else if (arg.startsWith('--db=')) db = arg.slice(5);
    else if (!arg.startsWith('-')) names.push(arg);
    else {
      io.err(`secretgate oidc: unknown option '${arg}'\n${USAGE}`);
      return 2;
    }
  }
  const wanted = sub === 'unpin' ? 1 : sub === 'pins' ? 0 : -1;
  if (wanted < 0 || names.length !== wanted || (wanted === 1 && !/^[\w.-]+\/[\w.-]+$/.test(names[0]!))) {
    io.err(`secretgate oidc: ${wanted < 0 ? `unknown subcommand '${sub}'` : wanted === 1 ? 'unpin takes one OWNER/NAME' : 'pins takes no names'}\n${USAGE}`);
    return 2;
  }
  if (!existsSync(db)) {
    io.err(`secretgate oidc: no database at ${db} (set SECRETGATE_DB or pass --db)\n`);
    return 2;
  }
  const store = openStore(db, storeOptions(loadStoreConfig(process.env)));
  try {
    if (sub === 'pins') {
      for (const p of listPins(store)) io.out(`${p.repository}\t${p.repositoryId}\t${p.pinnedAt}\n`);
      return 0;
    }
    const repository = names[0]!;
    const was = unpinRepository(store, repository, `cli:${userInfo().username}`, Date.now());
    if (was === null) {
      io.err(`secretgate oidc: no repository_id is pinned for ${repository}\n`);
      return 1;
    }
    io.out(`Unpinned ${repository} (repository_id ${was}); the next OIDC token for it pins its ID again.\n`);
    return 0;
  } finally {
    store.close();
  }
}
