// How much one caller may ask of the server: the longest review timeout (SECRETGATE_MAX_TIMEOUT),
// open long-polls (SECRETGATE_MAX_WAITS_PER_CALLER) and pending reviews
// (SECRETGATE_MAX_PENDING_PER_CALLER) per API token or OIDC repository.
import { integer, type Env } from './read.js';

export interface LimitsConfig {
  /** Longest `?wait=` honoured, in seconds. */
  maxWaitSeconds: number;
  /** Longest review timeout a caller may ask for, in seconds. */
  maxTimeoutSeconds: number;
  /** Open long-polls one caller (API token or OIDC repository) may hold; 429 past it. */
  maxWaitsPerCaller: number;
  /** Pending reviews one caller may have; a new one past it gets 429. */
  maxPendingPerCaller: number;
}

export function loadLimits(env: Env): LimitsConfig {
  return {
    maxWaitSeconds: 60,
    maxTimeoutSeconds: integer(env, 'SECRETGATE_MAX_TIMEOUT', 7 * 24 * 3600, 1, 30 * 24 * 3600),
    maxWaitsPerCaller: integer(env, 'SECRETGATE_MAX_WAITS_PER_CALLER', 200, 1, 100_000),
    maxPendingPerCaller: integer(env, 'SECRETGATE_MAX_PENDING_PER_CALLER', 500, 1, 1_000_000),
  };
}
