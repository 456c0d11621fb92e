// Structured JSON logs, one object a line. Values under keys that name credentials are
// replaced before anything is written, so a careless call cannot leak a token or signature.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const levels: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Keys whose values are never written, at any depth. */
const SENSITIVE_KEY = /token|secret|signature|authorization|password|cookie|jwt|credential/i;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; default stdout. */
  write?: (line: string) => void;
  /** Exact strings to cut out wherever they appear (the configured tokens and secrets). */
  redactValues?: string[];
}

export function scrub(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SENSITIVE_KEY.test(k) ? '[redacted]' : scrub(v, depth + 1);
    return out;
  }
  return value;
}

/**
 * Writes to stdout in batches: on Linux a write to a pipe is synchronous, one system call per
 * line, which under load costs more than the request being logged. Lines queue until the
 * event loop turns (or 64 KiB pile up) and go out in one write; flushLogs() empties the queue.
 */
let pending: string[] = [];
let pendingBytes = 0;
let scheduled = false;

export function flushLogs(): void {
  scheduled = false;
  if (pending.length === 0) return;
  const chunk = pending.join('');
  pending = [];
  pendingBytes = 0;
  process.stdout.write(chunk);
}

function batchedStdout(line: string): void {
  pending.push(line);
  pendingBytes += line.length;
  if (pendingBytes > 65536) flushLogs();
  else if (!scheduled) {
    scheduled = true;
    setImmediate(flushLogs);
  }
}

export function createLogger(options: LoggerOptions = {}, bound: Record<string, unknown> = {}): Logger {
  const min = levels[options.level ?? 'info'];
  const write = options.write ?? batchedStdout;
  const cut = (options.redactValues ?? []).filter((v) => v.length >= 6);
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (levels[level] < min) return;
    let line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...(scrub({ ...bound, ...fields }) as object) });
    for (const v of cut) if (line.includes(v)) line = line.split(v).join('[redacted]');
    write(line + '\n');
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (f) => createLogger(options, { ...bound, ...f }),
  };
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
