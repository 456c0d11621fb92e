// The Slack Web API calls the server makes, behind a narrow interface. The real one is
// @slack/web-api with its own retries turned off (its default policy can hang a call for about
// 30 minutes on a 500); the outbox worker retries instead, honouring Retry-After.
import type { KnownBlock, View } from '@slack/types';
import { WebClient, LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../log.js';

export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
  /** Secondary attachments; the review message uses one for its severity colour bar. */
  attachments?: { color?: string; blocks?: KnownBlock[]; fallback?: string }[];
  /** Slack message metadata; the outbox tags its posts so that a retry can find them. */
  metadata?: { event_type: string; event_payload: Record<string, string | number> };
}

/** Which posted message to look for: the metadata it was tagged with, and where. */
export interface PostedLookup {
  channel: string;
  /** Look in this thread instead of the channel's history. */
  threadTs?: string;
  /** Only messages posted after this time (ms) are searched. */
  sinceMs: number;
  eventType: string;
  payload: Record<string, string | number>;
}

export interface SlackApi {
  postMessage(channel: string, message: SlackMessage, threadTs?: string): Promise<{ channel: string; ts: string }>;
  updateMessage(channel: string, ts: string, message: SlackMessage): Promise<void>;
  postEphemeral(channel: string, user: string, text: string): Promise<void>;
  openView(triggerId: string, view: View): Promise<void>;
  userGroupMembers(groupId: string): Promise<string[]>;
  /**
   * The Slack user whose profile has this e-mail (users.lookupByEmail, which needs the
   * users:read.email scope), or null when there is none (`users_not_found`). Other errors,
   * `missing_scope` among them, are thrown.
   */
  userIdByEmail(email: string): Promise<string | null>;
  /** The ts of a message carrying the given metadata, or null (conversations.history / replies). */
  findPosted(lookup: PostedLookup): Promise<string | null>;
  /** The workspace URL the bot token belongs to (auth.test's `url`; needs no scope). */
  workspaceUrl(): Promise<string>;
}

/** What a failed call tells the worker: wait this long and retry, or back off. */
export interface SlackCallFailure {
  /** rate_limited, http (5xx …), network: try again later. platform: Slack said no (ok: false). */
  kind: 'rate_limited' | 'http' | 'platform' | 'network' | 'other';
  rateLimitedForSeconds?: number;
  reason: string;
}

export function describeSlackError(err: unknown): SlackCallFailure {
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  if (e.code === 'slack_webapi_rate_limited_error') {
    return { kind: 'rate_limited', rateLimitedForSeconds: Math.max(1, Number(e.retryAfter) || 1), reason: 'rate limited (429)' };
  }
  if (e.code === 'slack_webapi_http_error') return { kind: 'http', reason: `HTTP ${e.statusCode ?? '?'}` };
  if (e.code === 'slack_webapi_platform_error') return { kind: 'platform', reason: `Slack error: ${e.data?.error ?? 'unknown'}` };
  if (e.code === 'slack_webapi_request_error') return { kind: 'network', reason: 'request failed (network)' };
  return { kind: 'other', reason: e.message ?? String(err) };
}

function slackLogger(log: Logger): SlackLogger {
  // Only warnings and errors are passed on, with their text, never the request arguments.
  let level = LogLevel.WARN;
  return {
    debug() {},
    info() {},
    warn: (...m: unknown[]) => log.warn('slack client', { detail: m.map(String).join(' ').slice(0, 300) }),
    error: (...m: unknown[]) => log.error('slack client', { detail: m.map(String).join(' ').slice(0, 300) }),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName() {},
  };
}

/** How long one Slack call may take before it fails (and the outbox worker retries it). */
export const SLACK_CALL_TIMEOUT_MS = 10_000;

export interface SlackClientOptions {
  botToken: string;
  apiUrl: string;
  logger: Logger;
  /** Default SLACK_CALL_TIMEOUT_MS; tests pass a short one. */
  timeoutMs?: number;
}

export function createSlackApi(options: SlackClientOptions): SlackApi {
  // Each setting is guarded by test/server/slack-client.test.ts: no retries inside the client
  // (the outbox retries), a 429 thrown at once (the outbox pauses for Retry-After), a timeout.
  const web = new WebClient(options.botToken, {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? SLACK_CALL_TIMEOUT_MS,
    logger: slackLogger(options.logger),
  });
  return {
    async postMessage(channel, message, threadTs) {
      const r = await web.chat.postMessage({
        channel,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        ...(message.attachments ? { attachments: message.attachments } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...(message.metadata ? { metadata: message.metadata } : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
      return { channel: r.channel ?? channel, ts: r.ts ?? '' };
    },
    async updateMessage(channel, ts, message) {
      await web.chat.update({
        channel,
        ts,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        // An update without attachments would keep the old ones: send [] to clear them.
        attachments: message.attachments ?? [],
      });
    },
    async postEphemeral(channel, user, text) {
      await web.chat.postEphemeral({ channel, user, text });
    },
    async openView(triggerId, view) {
      await web.views.open({ trigger_id: triggerId, view: view as never });
    },
    async userGroupMembers(groupId) {
      const r = await web.usergroups.users.list({ usergroup: groupId });
      return r.users ?? [];
    },
    async userIdByEmail(email) {
      try {
        const r = await web.users.lookupByEmail({ email });
        return r.user?.id ?? null;
      } catch (err) {
        // users_not_found today; older references name it user_not_found.
        const code = (err as { data?: { error?: string } }).data?.error;
        if (code === 'users_not_found' || code === 'user_not_found') return null;
        throw err;
      }
    },
    async workspaceUrl() {
      const r = await web.auth.test();
      if (!r.url) throw new Error('auth.test answered without a url');
      return r.url;
    },
    async findPosted(lookup) {
      const oldest = String(Math.floor(lookup.sinceMs / 1000));
      const matches = (m: { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }) =>
        m.metadata?.event_type === lookup.eventType &&
        Object.entries(lookup.payload).every(([k, v]) => m.metadata?.event_payload?.[k] === v);
      let cursor: string | undefined;
      // A few pages are plenty: the message, if it exists, was posted moments after sinceMs.
      for (let page = 0; page < 5; page++) {
        const args = { channel: lookup.channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
        const r = lookup.threadTs
          ? await web.conversations.replies({ ...args, ts: lookup.threadTs })
          : await web.conversations.history(args);
        const found = (r.messages ?? []).find((m) => matches(m as never));
        if (found?.ts) return found.ts;
        cursor = r.response_metadata?.next_cursor || undefined;
        if (!cursor) return null;
      }
      return null;
    },
  };
}
