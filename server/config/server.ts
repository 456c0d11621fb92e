// The process's own settings: where it listens (PORT, HOST), the address people and jobs reach it
// at (SECRETGATE_PUBLIC_URL), its database (SECRETGATE_DB, SECRETGATE_SQLITE_DRIVER) and how much
// it logs (SECRETGATE_LOG_LEVEL).
import { ConfigError } from './errors.js';
import { integer, optional, type Env } from './read.js';
import { httpUrl } from './url.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export const SQLITE_DRIVERS = ['better-sqlite3', 'node:sqlite'] as const;
export type SqliteDriverName = (typeof SQLITE_DRIVERS)[number];

export interface ServerConfig {
  port: number;
  host: string;
  /** Ends in `/`. */
  publicUrl: string;
  dbPath: string;
  /** SECRETGATE_SQLITE_DRIVER; null: node:sqlite under Deno, better-sqlite3 elsewhere. */
  sqliteDriver: SqliteDriverName | null;
  logLevel: LogLevelName;
}

export const DEFAULT_DB_PATH = './secretgate.db';

/** The database settings alone, for commands that open the database without serving (audit, db). */
export function loadStoreConfig(env: Env): Pick<ServerConfig, 'dbPath' | 'sqliteDriver'> {
  const driver = optional(env, 'SECRETGATE_SQLITE_DRIVER');
  if (driver !== null && !(SQLITE_DRIVERS as readonly string[]).includes(driver)) {
    throw new ConfigError('SECRETGATE_SQLITE_DRIVER', `must be better-sqlite3 or node:sqlite, got '${driver.slice(0, 20)}'`);
  }
  return { dbPath: optional(env, 'SECRETGATE_DB') ?? DEFAULT_DB_PATH, sqliteDriver: driver as SqliteDriverName | null };
}

/** The options openStore takes for these settings. */
export function storeOptions(config: Pick<ServerConfig, 'sqliteDriver'>): { driver?: SqliteDriverName } {
  return config.sqliteDriver ? { driver: config.sqliteDriver } : {};
}

export function loadServerConfig(env: Env): ServerConfig {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const publicUrl = httpUrl('SECRETGATE_PUBLIC_URL', optional(env, 'SECRETGATE_PUBLIC_URL') ?? `http://localhost:${port}/`, { slash: true });
  const logLevel = optional(env, 'SECRETGATE_LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('SECRETGATE_LOG_LEVEL', `must be debug, info, warn or error, got '${logLevel.slice(0, 20)}'`);
  }
  return {
    port,
    host: optional(env, 'HOST') ?? '0.0.0.0',
    publicUrl,
    ...loadStoreConfig(env),
    logLevel: logLevel as LogLevelName,
  };
}
