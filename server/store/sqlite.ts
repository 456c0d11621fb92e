// The one seam between the store and a SQLite driver: better-sqlite3 on Node, node:sqlite on
// Deno (better-sqlite3 is a native addon Deno cannot load; Node 20 has no node:sqlite). The
// store uses only what both drivers share: positional `?` parameters, run/get/all, exec.
import { createRequire } from 'node:module';

export type SqlValue = string | number | bigint | null | Uint8Array;

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface Statement {
  run(...params: SqlValue[]): RunResult;
  get<T = Record<string, unknown>>(...params: SqlValue[]): T | undefined;
  all<T = Record<string, unknown>>(...params: SqlValue[]): T[];
}

export interface Database {
  /** Which driver is underneath, for logs and tests. */
  readonly driver: 'better-sqlite3' | 'node:sqlite';
  readonly path: string;
  exec(sql: string): void;
  /** Prepared statements are cached by their SQL text. */
  prepare(sql: string): Statement;
  /** Runs `fn` inside BEGIN IMMEDIATE … COMMIT; rolls back and rethrows on error. Nests. */
  transaction<T>(fn: () => T): T;
  /**
   * BEGIN IMMEDIATE for a caller that ends the transaction later, with finish() (an async
   * caller: store/batch.ts). transaction() inside it nests, as inside transaction().
   */
  begin(): void;
  /** COMMIT (or ROLLBACK) what begin() opened. A failed COMMIT throws and leaves nothing open. */
  finish(commit: boolean): void;
  close(): void;
}

export type DriverName = Database['driver'];

export interface OpenOptions {
  /** Default: node:sqlite under Deno, better-sqlite3 elsewhere (SECRETGATE_SQLITE_DRIVER, read by config/server.ts, passes another). */
  driver?: DriverName;
  readonly?: boolean;
  busyTimeoutMs?: number;
}

interface RawStatement {
  run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

interface RawDatabase {
  exec(sql: string): unknown;
  prepare(sql: string): RawStatement;
  close(): unknown;
}

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== 'undefined';

export function defaultDriver(): DriverName {
  return isDeno ? 'node:sqlite' : 'better-sqlite3';
}

const require = createRequire(import.meta.url);

function openNodeSqlite(path: string, readonly: boolean): RawDatabase {
  const { DatabaseSync } = require('node:sqlite') as {
    DatabaseSync: new (p: string, o: object) => RawDatabase;
  };
  return new DatabaseSync(path, { readOnly: readonly });
}

function hasNodeSqlite(): boolean {
  try {
    require('node:sqlite');
    return true;
  } catch {
    return false;
  }
}

function openRaw(path: string, driver: DriverName, readonly: boolean): { raw: RawDatabase; driver: DriverName } {
  if (driver === 'node:sqlite') return { raw: openNodeSqlite(path, readonly), driver };
  let BetterSqlite3: new (p: string, o: object) => RawDatabase;
  try {
    BetterSqlite3 = require('better-sqlite3') as typeof BetterSqlite3;
    return { raw: new BetterSqlite3(path, { readonly, fileMustExist: readonly }), driver };
  } catch (err) {
    // The addon was built for another Node ABI (e.g. installed under Node 20, run under Node 24):
    // a Node that ships node:sqlite can still serve. Anything else is a real error.
    const abiMismatch = /NODE_MODULE_VERSION|ERR_DLOPEN_FAILED|Could not locate the bindings/.test(String((err as Error).message) + String((err as { code?: string }).code));
    if (abiMismatch && hasNodeSqlite()) return { raw: openNodeSqlite(path, readonly), driver: 'node:sqlite' };
    throw err;
  }
}

/** Opens (creating unless readonly) a database file and applies the connection pragmas. */
export function openDatabase(path: string, options: OpenOptions = {}): Database {
  const { raw, driver } = openRaw(path, options.driver ?? defaultDriver(), options.readonly ?? false);
  const cache = new Map<string, Statement>();
  let depth = 0;

  // Set first, so that the journal-mode switch below already waits on a locked file.
  raw.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
  if (!options.readonly && path !== ':memory:') raw.exec('PRAGMA journal_mode = WAL');
  // In WAL mode NORMAL is durable across a process crash (kill -9); only an OS crash or power
  // loss can lose the last commits. That is the guarantee invariant 4 asks for.
  raw.exec('PRAGMA synchronous = NORMAL');
  raw.exec('PRAGMA foreign_keys = ON');

  const db: Database = {
    driver,
    path,
    exec(sql) {
      raw.exec(sql);
    },
    prepare(sql) {
      let stmt = cache.get(sql);
      if (!stmt) {
        const s = raw.prepare(sql);
        stmt = {
          run: (...p) => {
            const r = s.run(...p);
            return { changes: Number(r.changes), lastInsertRowid: r.lastInsertRowid };
          },
          get: <T>(...p: SqlValue[]) => s.get(...p) as T | undefined,
          all: <T>(...p: SqlValue[]) => s.all(...p) as T[],
        };
        cache.set(sql, stmt);
      }
      return stmt;
    },
    transaction(fn) {
      if (depth > 0) {
        depth++;
        try {
          return fn();
        } finally {
          depth--;
        }
      }
      db.begin();
      let result: ReturnType<typeof fn>;
      try {
        result = fn();
      } catch (err) {
        try {
          db.finish(false);
        } catch {
          // The error that made us roll back is the one worth reporting.
        }
        throw err;
      }
      db.finish(true);
      return result;
    },
    begin() {
      if (depth > 0) throw new Error('begin() inside an open transaction');
      db.prepare('BEGIN IMMEDIATE').run();
      depth = 1;
    },
    finish(commit) {
      try {
        if (commit) db.prepare('COMMIT').run();
        else db.prepare('ROLLBACK').run();
      } catch (err) {
        if (commit) {
          try {
            db.prepare('ROLLBACK').run();
          } catch {
            // The COMMIT's error is the one worth reporting.
          }
        }
        throw err;
      } finally {
        depth = 0;
      }
    },
    close() {
      cache.clear();
      raw.close();
    },
  };
  return db;
}
