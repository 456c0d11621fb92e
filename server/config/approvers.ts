// Where reviews go and who decides them: SLACK_CHANNEL and SECRETGATE_APPROVERS, or the routing
// policy file SECRETGATE_POLICY (policy-file.ts), whose [defaults] win over the variables.
import { ConfigError } from './errors.js';
import { loadPolicyFile, PolicyError } from './policy-file.js';
import { list, optional, type Env } from './read.js';
import { defaultPolicy, type RoutingPolicy } from './routing.js';
import { approversOf, isChannelId, type Approvers } from './slack-ids.js';

const APPROVERS_HINT = 'comma-separated Slack user IDs (U…) and user-group IDs (S…)';

/** A channel ID variable (SLACK_CHANNEL, SECRETGATE_DIGEST_CHANNEL). */
export function channelId(name: string, value: string): string {
  if (!isChannelId(value)) throw new ConfigError(name, `is malformed: expected a channel ID such as C0123ABCD, got '${value.slice(0, 40)}'`);
  return value;
}

function approvers(value: string): Approvers {
  const ids = list(value);
  if (ids.length === 0) throw new ConfigError('SECRETGATE_APPROVERS', `is not set: ${APPROVERS_HINT}`);
  return approversOf(
    ids,
    (id) => new ConfigError('SECRETGATE_APPROVERS', `has '${id.slice(0, 40)}', which is neither a user ID (U…) nor a user-group ID (S…)`),
  );
}

/**
 * SLACK_CHANNEL and SECRETGATE_APPROVERS are required unless SECRETGATE_POLICY names a file
 * whose [defaults] sets them; the file's values win over the variables.
 */
export function loadRouting(env: Env): RoutingPolicy {
  const rawChannel = optional(env, 'SLACK_CHANNEL');
  const rawApprovers = optional(env, 'SECRETGATE_APPROVERS');
  const channel = rawChannel !== null ? channelId('SLACK_CHANNEL', rawChannel) : undefined;
  const fallbackApprovers = rawApprovers !== null ? approvers(rawApprovers) : undefined;
  const path = optional(env, 'SECRETGATE_POLICY');
  if (path === null) {
    if (!channel) throw new ConfigError('SLACK_CHANNEL', 'is not set: the ID of the channel review messages go to (C…)');
    if (!fallbackApprovers) throw new ConfigError('SECRETGATE_APPROVERS', `is not set: ${APPROVERS_HINT}`);
    return defaultPolicy(channel, fallbackApprovers);
  }
  try {
    return loadPolicyFile(path, { ...(channel ? { channel } : {}), ...(fallbackApprovers ? { approvers: fallbackApprovers } : {}) });
  } catch (err) {
    if (err instanceof PolicyError) throw new ConfigError('SECRETGATE_POLICY', `(${path.slice(0, 200)}) ${err.message}`);
    throw err;
  }
}
