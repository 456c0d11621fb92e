// The Slack Web API calls the server makes, behind a narrow interface. The real one is
// @slack/web-api with its own retries turned off (its default policy can hang a call for about
// 30 minutes on a 500); the outbox worker retries instead, honouring Retry-After.
import { WebClient, LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../log.js';

export interface SlackMessage {
  text: string;
  blocks?: unknown[];
}

export interface SlackApi {
  postMessage(channel: string, message: SlackMessage, threadTs?: string): Promise<{ channel: string; ts: string }>;
  updateMessage(channel: string, ts: string, message: SlackMessage): Promise<void>;
  postEphemeral(channel: string, user: string, text: string): Promise<void>;
  openView(triggerId: string, view: unknown): Promise<void>;
  userGroupMembers(groupId: string): Promise<string[]>;
}

/** What a failed call tells the worker: wait this long and retry, or back off. */
export interface SlackCallFailure {
  rateLimitedForSeconds?: number;
  reason: string;
}

export function describeSlackError(err: unknown): SlackCallFailure {
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  if (e.code === 'slack_webapi_rate_limited_error') {
    return { rateLimitedForSeconds: Math.max(1, Number(e.retryAfter) || 1), reason: 'rate limited (429)' };
  }
  if (e.code === 'slack_webapi_http_error') return { reason: `HTTP ${e.statusCode ?? '?'}` };
  if (e.code === 'slack_webapi_platform_error') return { reason: `Slack error: ${e.data?.error ?? 'unknown'}` };
  if (e.code === 'slack_webapi_request_error') return { reason: 'request failed (network)' };
  return { reason: e.message ?? String(err) };
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

export interface SlackClientOptions {
  botToken: string;
  apiUrl: string;
  logger: Logger;
  timeoutMs?: number;
}

export function createSlackApi(options: SlackClientOptions): SlackApi {
  const web = new WebClient(options.botToken, {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    logger: slackLogger(options.logger),
  });
  return {
    async postMessage(channel, message, threadTs) {
      const r = await web.chat.postMessage({
        channel,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks as never } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
      return { channel: r.channel ?? channel, ts: r.ts ?? '' };
    },
    async updateMessage(channel, ts, message) {
      await web.chat.update({ channel, ts, text: message.text, ...(message.blocks ? { blocks: message.blocks as never } : {}) });
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
  };
}
