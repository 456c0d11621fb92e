// The Slack side's settings: where reviews go and who decides (SLACK_CHANNEL,
// SECRETGATE_APPROVERS, or the routing policy file SECRETGATE_POLICY) and the digest's
// schedule (SECRETGATE_DIGEST_CRON, _TZ, _CHANNEL). Problems are ConfigErrors naming the variable.
import { ConfigError } from './config.js';
import { defaultPolicy, loadPolicyFile, PolicyError, type Approvers, type RoutingPolicy } from './routing.js';
import { nextDigestAt, type DigestConfig } from './timers/digest.js';

type Env = Record<string, string | undefined>;

const CHANNEL = /^[CGD][A-Z0-9]{2,}$/;

function channelOf(name: string, v: string): string {
  if (!CHANNEL.test(v)) throw new ConfigError(name, `is malformed: expected a channel ID such as C0123ABCD, got '${v.slice(0, 40)}'`);
  return v;
}

function approversOf(value: string): Approvers {
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const out: Approvers = { users: [], groups: [] };
  for (const id of ids) {
    if (/^[UW][A-Z0-9]{2,}$/.test(id)) out.users.push(id);
    else if (/^S[A-Z0-9]{2,}$/.test(id)) out.groups.push(id);
    else throw new ConfigError('SECRETGATE_APPROVERS', `has '${id.slice(0, 40)}', which is neither a user ID (U…) nor a user-group ID (S…)`);
  }
  if (ids.length === 0) throw new ConfigError('SECRETGATE_APPROVERS', 'is not set: comma-separated Slack user IDs (U…) and user-group IDs (S…)');
  return out;
}

/**
 * SLACK_CHANNEL and SECRETGATE_APPROVERS are required unless SECRETGATE_POLICY names a file
 * whose [defaults] sets them; the file's values win over the variables.
 */
export function loadRouting(env: Env): RoutingPolicy {
  const rawChannel = env['SLACK_CHANNEL']?.trim();
  const rawApprovers = env['SECRETGATE_APPROVERS']?.trim();
  const channel = rawChannel ? channelOf('SLACK_CHANNEL', rawChannel) : undefined;
  const approvers = rawApprovers ? approversOf(rawApprovers) : undefined;
  const path = env['SECRETGATE_POLICY']?.trim();
  if (!path) {
    if (!channel) throw new ConfigError('SLACK_CHANNEL', 'is not set: the ID of the channel review messages go to (C…)');
    if (!approvers) throw new ConfigError('SECRETGATE_APPROVERS', 'is not set: comma-separated Slack user IDs (U…) and user-group IDs (S…)');
    return defaultPolicy(channel, approvers);
  }
  try {
    return loadPolicyFile(path, { ...(channel ? { channel } : {}), ...(approvers ? { approvers } : {}) });
  } catch (err) {
    if (err instanceof PolicyError) throw new ConfigError('SECRETGATE_POLICY', `(${path.slice(0, 200)}) ${err.message}`);
    throw err;
  }
}

/** The digest is on when SECRETGATE_DIGEST_CRON is set. */
export function loadDigest(env: Env, defaultChannel: string): DigestConfig | null {
  const cron = env['SECRETGATE_DIGEST_CRON']?.trim();
  const timeZone = env['SECRETGATE_DIGEST_TZ']?.trim() || 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new ConfigError('SECRETGATE_DIGEST_TZ', `is not a time zone: expected an IANA name such as Europe/Berlin, got '${timeZone.slice(0, 60)}'`);
  }
  const rawChannel = env['SECRETGATE_DIGEST_CHANNEL']?.trim();
  const channel = rawChannel ? channelOf('SECRETGATE_DIGEST_CHANNEL', rawChannel) : defaultChannel;
  if (!cron) return null;
  try {
    nextDigestAt({ cron, timeZone }, Date.now());
  } catch (err) {
    throw new ConfigError('SECRETGATE_DIGEST_CRON', `is not a cron expression such as '0 9 * * 1-5': ${(err as Error).message.slice(0, 200)}`);
  }
  return { cron, timeZone, channel };
}
