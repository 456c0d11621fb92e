import { createHash } from 'node:crypto';

/**
 * A few leading characters and the length. Short values show less, so a preview never
 * narrows a secret down to something guessable.
 */
export function redact(value: string): string {
  const flat = value.replace(/\s+/g, ' ');
  const shown = Math.min(6, Math.floor(flat.length / 5));
  return `${flat.slice(0, shown)}…(${value.length} chars)`;
}

/** Salted SHA-256 of the value, hex: lets a decision be remembered without storing it. */
export function fingerprint(salt: string, value: string): string {
  return createHash('sha256').update(salt).update('\0').update(value).digest('hex');
}
