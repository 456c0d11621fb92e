// The scheduled digest (server/timers/digest.ts): on when SECRETGATE_DIGEST_CRON is set, read in
// SECRETGATE_DIGEST_TZ, posted to SECRETGATE_DIGEST_CHANNEL or else the default channel.
import { Cron } from 'croner';
import { channelId } from './approvers.js';
import { ConfigError } from './errors.js';
import { optional, type Env } from './read.js';

export interface DigestConfig {
  /** Five- or six-field cron expression, e.g. `0 9 * * 1-5`. */
  cron: string;
  /** IANA time zone the expression is read in, e.g. `Europe/Berlin`. */
  timeZone: string;
  channel: string;
}

/** Throws an Error with croner's explanation when the expression or the zone is not valid. */
export function nextDigestAt(config: Pick<DigestConfig, 'cron' | 'timeZone'>, afterMs: number): number {
  const next = new Cron(config.cron, { timezone: config.timeZone, paused: true }).nextRun(new Date(afterMs));
  if (!next) throw new Error(`the cron expression '${config.cron}' never fires`);
  return next.getTime();
}

export function loadDigest(env: Env, defaultChannel: string): DigestConfig | null {
  const cron = optional(env, 'SECRETGATE_DIGEST_CRON');
  const timeZone = optional(env, 'SECRETGATE_DIGEST_TZ') ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new ConfigError('SECRETGATE_DIGEST_TZ', `is not a time zone: expected an IANA name such as Europe/Berlin, got '${timeZone.slice(0, 60)}'`);
  }
  const rawChannel = optional(env, 'SECRETGATE_DIGEST_CHANNEL');
  const channel = rawChannel !== null ? channelId('SECRETGATE_DIGEST_CHANNEL', rawChannel) : defaultChannel;
  if (cron === null) return null;
  try {
    nextDigestAt({ cron, timeZone }, Date.now());
  } catch (err) {
    throw new ConfigError('SECRETGATE_DIGEST_CRON', `is not a cron expression such as '0 9 * * 1-5': ${(err as Error).message.slice(0, 200)}`);
  }
  return { cron, timeZone, channel };
}
