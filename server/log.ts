// Structured JSON logs through pino, one object a line: `{"level":"info","time":"…","msg":"…",…}`.
// Nothing that names or holds a credential is written, three ways: pino's `redact` paths for the
// keys we log credentials under; any other key that names one, at any depth (a careless call
// with a new shape); and the configured tokens and secrets themselves, cut from the finished
// line wherever they appear.
import pino from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; default stdout (asynchronous, in batches). */
  write?: (line: string) => void;
  /** Exact strings to cut out wherever they appear (the configured tokens and secrets). */
  redactValues?: string[];
}

const CENSOR = '[redacted]';

/** The keys credentials are logged under, at the top and one level down (pino's paths are exact). */
const CREDENTIAL_KEYS = ['token', 'apiToken', 'botToken', 'secret', 'signingSecret', 'signature', 'authorization', 'password', 'cookie', 'jwt', 'credential', 'credentials'];
export const REDACT_PATHS = [...CREDENTIAL_KEYS, ...CREDENTIAL_KEYS.map((k) => `*.${k}`), 'headers["x-slack-signature"]', '*.headers.authorization', '*.headers.cookie'];

/** Keys whose values are never written, at any depth: the net under the paths above. */
const SENSITIVE_KEY = /token|secret|signature|authorization|password|cookie|jwt|credential/i;

/** Errors as name and message (their stacks stay out of the log); credential-named keys cut. */
export function scrub(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SENSITIVE_KEY.test(k) ? CENSOR : scrub(v, depth + 1);
    return out;
  }
  return value;
}

/**
 * stdout, written asynchronously: a synchronous write to a pipe costs one system call per line,
 * more under load than the request being logged. Lines written while one write is in flight go
 * out together. One for the process; flushLogs() empties it before exit.
 */
let stdout: pino.DestinationStream & { flushSync?: () => void } | undefined;
const defaultDestination = () => (stdout ??= pino.destination({ dest: 1, sync: false }));

export function flushLogs(): void {
  try {
    stdout?.flushSync?.();
  } catch {
    // Nothing to flush, or stdout is gone: at exit there is no one left to tell.
  }
}

export function createLogger(options: LoggerOptions = {}, bound: Record<string, unknown> = {}): Logger {
  const cut = (options.redactValues ?? []).filter((v) => v.length >= 6);
  const write = options.write;
  const destination = write ? { write: (line: string) => write(line) } : defaultDestination();
  const p = pino(
    {
      level: options.level ?? 'info',
      base: null,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => scrub(fields) as Record<string, unknown>,
      },
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      hooks: {
        streamWrite: (line) => {
          for (const v of cut) if (line.includes(v)) line = line.split(v).join(CENSOR);
          return line;
        },
      },
    },
    destination,
  );
  return wrap(Object.keys(bound).length > 0 ? p.child(scrub(bound) as Record<string, unknown>) : p);
}

/** Our call shape, message first (`logger.info('listening', { port })`), over pino's. */
function wrap(p: pino.Logger): Logger {
  return {
    debug: (msg, fields) => p.debug(fields ?? {}, msg),
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
    child: (fields) => wrap(p.child(scrub(fields) as Record<string, unknown>)),
  };
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
