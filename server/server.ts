// startServer(config): open the database, migrate, start the outbox worker and the expirer,
// listen. close() undoes it in reverse: stop accepting, answer long-polls, drain, close the db.
import type { Hono } from 'hono';
import { createApp } from './http/app.js';
import { AuditThrottle } from './http/audit-throttle.js';
import { appendAudit } from './store/audit.js';
import { createOidcVerifier } from './auth/oidc.js';
import { TokenVerifier } from './auth/tokens.js';
import { secretsOf, type Config } from './config/index.js';
import { storeOptions } from './config/server.js';
import type { AppDeps, AppEnv } from './http/deps.js';
import { Expirer } from './timers/expirer.js';
import { createGitHubApi, type GitHubApi } from './github/client.js';
import { StatusWorker } from './delivery/github/status-worker.js';
import { listen, runtime } from './http/listen.js';
import { createLogger, flushLogs, type Logger } from './log.js';
import { ApproverPolicy } from './auth/approvers.js';
import { createSlackApi, type SlackApi } from './slack/client.js';
import { OutboxWorker } from './delivery/slack/outbox-worker.js';
import { People } from './slack/people.js';
import { OpenWaits } from './http/api/open-waits.js';
import { ReplayGuard } from './http/slack/replay.js';
import { SlackWorkspace } from './slack/workspace.js';
import { openStore } from './store/db.js';
import { pinRepositoryId } from './store/oidc-repositories.js';
import { loadOrCreateFingerprintKey } from './store/fingerprint-key.js';
import { dropExpiredLegacyDecisions } from './store/legacy-decisions.js';
import type { Database } from './store/sqlite.js';
import { Waiters } from './reviews/waiters.js';
import { DigestScheduler } from './timers/digest.js';
import { Reminders } from './timers/reminders.js';
import { randomUUID } from 'node:crypto';
import type { ReviewPorts } from './reviews/ports.js';
import { SqliteStore } from './store/sqlite-store.js';

export interface ServerOverrides {
  logger?: Logger;
  now?: () => number;
  slack?: SlackApi;
  /** First outbox retry delay (ms); tests shorten it. */
  outboxBaseBackoffMs?: number;
  /** Replaces the GitHub client (when GitHub is configured). */
  github?: GitHubApi;
  groupCacheMs?: number;
  /** How often the half-time reminder sweep runs (ms). */
  reminderIntervalMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  app: Hono<AppEnv>;
  deps: AppDeps;
  db: Database;
  outbox: OutboxWorker;
  /** Delivers commit statuses; null when GitHub is not configured. */
  statuses: StatusWorker | null;
  expirer: Expirer;
  /** Half-time reminders in review threads. */
  reminders: Reminders;
  /** The scheduled digest; null when SECRETGATE_DIGEST_CRON is not set. */
  digest: DigestScheduler | null;
  close(): Promise<void>;
}

export async function startServer(config: Config, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, redactValues: secretsOf(config) });
  const now = overrides.now ?? Date.now;
  const db = openStore(config.dbPath, storeOptions(config));
  const fingerprintKey = config.fingerprintKey ?? loadOrCreateFingerprintKey(db, now());
  dropExpiredLegacyDecisions(db, now());
  const slack = overrides.slack ?? createSlackApi({ botToken: config.slack.botToken, apiUrl: config.slack.apiUrl, logger });
  const waiters = new Waiters();
  const people = new People({ policy: config.routing, lookupByEmail: (email) => slack.userIdByEmail(email), logger, now });
  const outbox = new OutboxWorker({
    people,
    db,
    slack,
    publicUrl: config.publicUrl,
    githubUrl: config.githubServerUrl,
    logger,
    now,
    postIntervalMs: config.slack.postIntervalMs,
    ...(overrides.outboxBaseBackoffMs !== undefined ? { baseBackoffMs: overrides.outboxBaseBackoffMs } : {}),
  });
  let statuses: StatusWorker | null = null;
  if (config.github) {
    statuses = new StatusWorker({
      db,
      github: overrides.github ?? createGitHubApi(config.github, now),
      logger,
      now,
      kickSlack: () => outbox.kick(),
      ...(overrides.outboxBaseBackoffMs !== undefined ? { baseBackoffMs: overrides.outboxBaseBackoffMs } : {}),
    });
  }
  const kickDelivery = () => {
    outbox.kick();
    statuses?.kick();
  };
  const store = new SqliteStore(db);
  const reviews: ReviewPorts = {
    store,
    wake: (id) => waiters.wake(id),
    kick: kickDelivery,
    now,
    newId: randomUUID,
    // Set on a server that has GitHub configured: each state change then queues its statuses.
    commitStatuses: config.github
      ? { publicUrl: config.publicUrl, channelNames: config.github.channelName ? { [config.slack.channel]: config.github.channelName } : {} }
      : null,
  };
  const deps: AppDeps = {
    config,
    db,
    store,
    reviews,
    logger,
    slack,
    waiters,
    now,
    tokens: new TokenVerifier(config.apiTokens),
    oidc: config.oidc ? createOidcVerifier(config.oidc, { pin: (p) => pinRepositoryId(db, p, now()) }) : null,
    replay: new ReplayGuard(now),
    // Per kind of unauthenticated event: 60 a minute in full, then a count.
    auditThrottle: new AuditThrottle({ limit: 60, windowMs: 60_000, now }),
    kickOutbox: kickDelivery,
    fingerprintKey,
    slackWorkspace: new SlackWorkspace({
      configured: config.dashboard.slackWorkspaceUrl,
      lookup: () => slack.workspaceUrl(),
      logger,
      now,
    }),
    people,
    openWaits: new OpenWaits(config.maxWaitsPerCaller),
    policy: new ApproverPolicy({
      users: config.approvers.users,
      groups: config.approvers.groups,
      groupMembers: (g) => slack.userGroupMembers(g),
      logger,
      now,
      ...(overrides.groupCacheMs !== undefined ? { cacheMs: overrides.groupCacheMs } : {}),
    }),
  };
  const expirer = new Expirer({ reviews, logger });
  const reminders = new Reminders({
    db,
    policy: config.routing,
    logger,
    now,
    kick: kickDelivery,
    ...(overrides.reminderIntervalMs !== undefined ? { intervalMs: overrides.reminderIntervalMs } : {}),
  });
  const digest = config.digest
    ? new DigestScheduler({ db, config: config.digest, publicUrl: config.publicUrl, logger, now, kick: kickDelivery })
    : null;
  const app = createApp(deps);

  let listening;
  try {
    listening = await listen(app.fetch, config.port, config.host);
  } catch (err) {
    db.close();
    throw new Error(`Cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
  }
  outbox.start();
  statuses?.start();
  if (config.github) {
    const { auth, apiUrl } = config.github;
    logger.info('commit statuses on', { githubApiUrl: apiUrl, githubAuth: auth.kind, ...(auth.kind === 'app' ? { appId: auth.appId } : {}) });
  }
  if (config.oidc && config.oidc.workflows.length === 0) {
    logger.warn('SECRETGATE_OIDC_WORKFLOWS is not set: any workflow of an allowed repository is trusted, also one a pull request edits', {
      allowedRepositories: config.oidc.allowedRepositories,
    });
  }
  expirer.start();
  reminders.start();
  digest?.start();
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${listening.port}`;
  logger.info('listening', { url, port: listening.port, host: config.host, runtime, db: config.dbPath, sqlite: db.driver });

  let closing: Promise<void> | null = null;
  return {
    url,
    port: listening.port,
    app,
    deps,
    db,
    outbox,
    statuses,
    expirer,
    reminders,
    digest,
    close() {
      closing ??= (async () => {
        logger.info('shutting down');
        expirer.stop();
        reminders.stop();
        digest?.stop();
        const stopped = listening.close();
        // Waiting jobs get the current status now rather than a cut connection.
        waiters.wakeAll();
        await stopped;
        await outbox.stop();
        await statuses?.stop();
        const held = deps.auditThrottle?.drain() ?? [];
        if (held.length > 0) {
          db.transaction(() => {
            for (const summary of held) appendAudit(db, { type: 'audit.throttled', actor: 'system', data: { ...summary } }, now());
          });
        }
        db.close();
        logger.info('stopped');
        flushLogs();
      })();
      return closing;
    },
  };
}
