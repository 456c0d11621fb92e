// Small readers shared by every part of the configuration: each takes the environment and a
// variable's name, and throws a ConfigError naming that variable.
import { ConfigError } from './errors.js';

/** The process environment, or a test's stand-in for it. */
export type Env = Record<string, string | undefined>;

/** The trimmed value; null when unset or blank. */
export function optional(env: Env, name: string): string | null {
  return env[name]?.trim() || null;
}

/** The trimmed value; a ConfigError saying what to set when unset or blank. */
export function required(env: Env, name: string, hint: string): string {
  const v = optional(env, name);
  if (v === null) throw new ConfigError(name, `is not set: ${hint}`);
  return v;
}

/** Comma-separated entries, each trimmed, blanks dropped. */
export function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A whole number from `min` to `max`; `fallback` when unset. */
export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const v = optional(env, name);
  if (v === null) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got '${v.slice(0, 20)}'`);
  }
  return Number(v);
}

/** A credential: printable, no spaces, at least `minLength` long. The message never echoes it. */
export function isCredentialText(value: string, minLength: number): boolean {
  return value.length >= minLength && /^[\x21-\x7e]+$/.test(value);
}
