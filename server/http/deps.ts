// What the routes need, passed in whole so tests can build an app around real parts.
import type { AuditThrottle } from './audit-throttle.js';
import type { OidcVerifier } from '../auth/oidc.js';
import type { Principal } from '../auth/principal.js';
import type { TokenVerifier } from '../auth/tokens.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log.js';
import type { ApproverPolicy } from '../auth/approvers.js';
import type { SlackApi } from '../slack/client.js';
import type { People } from '../slack/people.js';
import type { OpenWaits } from './api/open-waits.js';
import type { ReplayGuard } from './slack/replay.js';
import type { SlackWorkspace } from '../slack/workspace.js';
import type { ReviewPorts } from '../reviews/ports.js';
import type { Store } from '../store/port.js';
import type { Database } from '../store/sqlite.js';
import type { Waiters } from '../reviews/waiters.js';

export interface AppDeps {
  config: Config;
  db: Database;
  /** The same database behind the async port the state changes use. */
  store: Store;
  /** What the state changes in reviews/ are given (the store, wake-ups, clock, IDs, statuses). */
  reviews: ReviewPorts;
  logger: Logger;
  slack: SlackApi;
  policy: ApproverPolicy;
  /** Who pushed and authored a review's commits in Slack; absent in hand-built test apps (then the policy's logins alone). */
  people?: People;
  waiters: Waiters;
  tokens: TokenVerifier;
  oidc: OidcVerifier | null;
  replay: ReplayGuard;
  /** Bounds audit events from unauthenticated requests; absent in hand-built test apps. */
  auditThrottle?: AuditThrottle;
  /** The workspace URL for Slack permalinks; absent in hand-built test apps (then the configured one, if any). */
  slackWorkspace?: SlackWorkspace;
  /** The master key of fingerprints (config, or made once into the database); http/api/fingerprint-key.ts derives from it. */
  fingerprintKey: Buffer;
  /** Open long-polls per caller (capped); absent in hand-built test apps (then uncapped). */
  openWaits?: OpenWaits;
  /** Tell the outbox worker something was queued. */
  kickOutbox: () => void;
  now: () => number;
}

export type AppEnv = {
  Variables: {
    principal: Principal;
    /** The raw body of a verified Slack request. */
    slackBody: string;
    /** An API request's JSON body as sent, before its schema (http/api/json-body.ts). */
    jsonBody: unknown;
  };
};
