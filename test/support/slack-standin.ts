// A Slack Web API stand-in: a real HTTP server that answers the methods secretgate calls
// (chat.postMessage, chat.update, chat.postEphemeral, views.open, usergroups.users.list,
// conversations.history/replies with message metadata, auth.test, users.lookupByEmail), records every call, and can
// be told to fail: answer 429 with Retry-After, or 500, for a number of calls or for a while —
// optionally after doing the work (`afterEffect`), the way a timeout or a 5xx can hide that Slack
// did post. It can also be slow (`delay(method, ms)`, Infinity: never answer), and its token has
// the manifest's scopes unless told otherwise (`scopes`): without channels:history or
// groups:history, conversations.history/replies answer missing_scope, as Slack does.
// Point @slack/web-api at `standin.apiUrl`.
//
//   const slack = await SlackStandIn.start({ token: 'xoxb-test', userGroups: { S123: ['U9'] } });
//   process.env.SLACK_API_URL = slack.apiUrl;
//   slack.fail({ status: 429, retryAfterSeconds: 1, count: 3 });
//   ... slack.delivered('chat.postMessage') ...
//   await slack.close();
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  /** Arguments as the client sent them; JSON-encoded form fields (blocks, view) are decoded. */
  args: Record<string, unknown>;
  /** The raw request body, to check nothing secret was sent. */
  rawBody: string;
  /** Whether the bearer token matched. */
  authorized: boolean;
  /** HTTP status the stand-in answered with. */
  status: number;
  /** The `ok` it answered with (false for faults and Slack errors). */
  ok: boolean;
  at: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[] | undefined;
  threadTs: string | undefined;
  metadata: unknown;
  updates: number;
}

export interface Fault {
  status: 429 | 500 | 502 | 503;
  /** Seconds, sent as Retry-After on a 429. */
  retryAfterSeconds?: number;
  /** Fail this many calls, then stop (default: unlimited while `forMs` lasts). */
  count?: number;
  /** Fail for this long, counted from the first call this fault answers. */
  forMs?: number;
  /** Only these methods fail (default: all). */
  methods?: string[];
  /** Do what was asked, then answer with the failure anyway. */
  afterEffect?: boolean;
}

export interface StandInOptions {
  /** The bot token calls must carry (default: any `xoxb-` token). */
  token?: string;
  /** User-group ID → member user IDs, for usergroups.users.list. */
  userGroups?: Record<string, string[]>;
  /** The bot token's scopes (default: the manifest's, which cannot read channel history). */
  scopes?: string[];
  /** E-mail → user ID of the workspace's people, for users.lookupByEmail (which needs users:read.email). */
  users?: Record<string, string>;
  port?: number;
}

/** The scopes server/slack/manifest.yml grants. */
export const MANIFEST_SCOPES = ['chat:write', 'commands', 'usergroups:read'];
/** What users.lookupByEmail needs. */
export const EMAIL_SCOPE = 'users:read.email';
/** What conversations.history/replies need (either, for public or private channels). */
export const HISTORY_SCOPES = ['channels:history', 'groups:history'];

interface ActiveFault extends Fault {
  /** Set when the fault first answers a call. */
  until: number | undefined;
  remaining: number;
}

export class SlackStandIn {
  readonly calls: RecordedCall[] = [];
  readonly messages = new Map<string, StoredMessage>();
  readonly userGroups: Map<string, string[]>;
  private faults: ActiveFault[] = [];
  private readonly delays = new Map<string, number>();
  /** Answers held back by a delay: each ends its wait at once (on close). */
  private readonly held = new Set<() => void>();
  private tsCounter = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly options: StandInOptions,
  ) {
    this.userGroups = new Map(Object.entries(options.userGroups ?? {}));
  }

  static async start(options: StandInOptions = {}): Promise<SlackStandIn> {
    let standin: SlackStandIn | undefined;
    const server = createServer((req, res) => {
      standin!.handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
    standin = new SlackStandIn(server, (server.address() as AddressInfo).port, options);
    return standin;
  }

  /** Base URL for @slack/web-api's `slackApiUrl` (SLACK_API_URL). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** Makes calls fail until the fault's count or time runs out. Faults apply one after another, in order. */
  fail(fault: Fault): void {
    this.faults.push({
      ...fault,
      until: fault.forMs === undefined ? Infinity : undefined,
      remaining: fault.count ?? Infinity,
    });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Holds every answer to `method` for `ms` before handling it (Infinity: never answers; 0: no delay). */
  delay(method: string, ms: number): void {
    if (ms > 0) this.delays.set(method, ms);
    else this.delays.delete(method);
  }

  /** Calls answered with ok: true, optionally of one method. */
  delivered(method?: string): RecordedCall[] {
    return this.calls.filter((c) => c.ok && (method === undefined || c.method === method));
  }

  /** Resolves when `predicate` holds, polling the recorded calls; rejects after `timeoutMs`. */
  async waitFor(predicate: (s: SlackStandIn) => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    const start = Date.now();
    while (!predicate(this)) {
      if (Date.now() - start > timeoutMs) throw new Error(`Slack stand-in: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    for (const release of this.held) release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private activeFault(method: string): ActiveFault | undefined {
    const now = Date.now();
    this.faults = this.faults.filter((f) => f.remaining > 0 && (f.until === undefined || f.until > now));
    const f = this.faults.find((x) => !x.methods || x.methods.includes(method));
    if (f) {
      f.remaining--;
      f.until ??= now + (f.forMs ?? 0);
    }
    return f;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const args = parseArgs(rawBody, req.headers['content-type'] ?? '');
    const auth = req.headers['authorization'] ?? '';
    const token = auth.replace(/^Bearer\s+/i, '');
    const authorized = this.options.token ? token === this.options.token : token.startsWith('xoxb-');
    const delayMs = this.delays.get(method);
    if (delayMs !== undefined) await this.hold(delayMs);
    if (res.destroyed) return;

    const send = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
      this.calls.push({ method, args, rawBody, authorized, status, ok: body['ok'] === true, at: Date.now() });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };

    const fault = this.activeFault(method);
    if (fault && !fault.afterEffect) return this.sendFault(fault, send);
    if (!authorized) return send(200, { ok: false, error: 'invalid_auth' });
    if (fault) {
      // Act, then hide the outcome behind the failure.
      this.act(method, args, () => undefined);
      return this.sendFault(fault, send);
    }
    return this.act(method, args, send);
  }

  private hold(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.held.delete(release);
        resolve();
      };
      const timer = Number.isFinite(ms) ? setTimeout(release, ms) : undefined;
      this.held.add(release);
    });
  }

  private sendFault(fault: ActiveFault, send: (status: number, body: Record<string, unknown>, headers?: Record<string, string>) => void): void {
    if (fault.status === 429) {
      return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfterSeconds ?? 1) });
    }
    return send(fault.status, { ok: false, error: 'internal_error' });
  }

  private act(
    method: string,
    args: Record<string, unknown>,
    send: (status: number, body: Record<string, unknown>, headers?: Record<string, string>) => void,
  ): void {

    switch (method) {
      case 'auth.test':
        return send(200, { ok: true, url: 'https://standin.slack.test/', team: 'Stand-in', user: 'secretgate', team_id: 'T0STANDIN', user_id: 'U0BOT', bot_id: 'B0BOT' });
      case 'chat.postMessage': {
        const channel = String(args['channel'] ?? '');
        if (!channel) return send(200, { ok: false, error: 'channel_not_found' });
        const ts = this.nextTs();
        const threadTs = args['thread_ts'] === undefined ? undefined : String(args['thread_ts']);
        if (threadTs && !this.messages.has(threadTs)) return send(200, { ok: false, error: 'thread_not_found' });
        this.messages.set(ts, {
          channel,
          ts,
          text: String(args['text'] ?? ''),
          blocks: args['blocks'] as unknown[] | undefined,
          threadTs,
          metadata: args['metadata'],
          updates: 0,
        });
        return send(200, { ok: true, channel, ts, message: { text: args['text'], ts } });
      }
      case 'conversations.history':
      case 'conversations.replies': {
        const scopes = this.options.scopes ?? MANIFEST_SCOPES;
        if (!HISTORY_SCOPES.some((x) => scopes.includes(x))) {
          return send(200, { ok: false, error: 'missing_scope', needed: HISTORY_SCOPES.join(','), provided: scopes.join(',') });
        }
        const channel = String(args['channel'] ?? '');
        const oldest = Number(args['oldest'] ?? 0);
        const thread = method === 'conversations.replies' ? String(args['ts'] ?? '') : undefined;
        if (method === 'conversations.replies' && !this.messages.has(thread!)) return send(200, { ok: false, error: 'thread_not_found' });
        const withMeta = args['include_all_metadata'] === true || args['include_all_metadata'] === 'true';
        const list = [...this.messages.values()]
          .filter((m) => m.channel === channel && Number(m.ts) >= oldest)
          .filter((m) => (thread ? m.ts === thread || m.threadTs === thread : m.threadTs === undefined))
          .sort((a, b) => Number(b.ts) - Number(a.ts))
          .map((m) => ({ type: 'message', ts: m.ts, text: m.text, ...(m.threadTs ? { thread_ts: m.threadTs } : {}), ...(withMeta && m.metadata ? { metadata: m.metadata } : {}) }));
        return send(200, { ok: true, messages: list, has_more: false, response_metadata: { next_cursor: '' } });
      }
      case 'chat.update': {
        const m = this.messages.get(String(args['ts']));
        if (!m || m.channel !== args['channel']) return send(200, { ok: false, error: 'message_not_found' });
        m.text = String(args['text'] ?? m.text);
        m.blocks = (args['blocks'] as unknown[] | undefined) ?? m.blocks;
        m.updates++;
        return send(200, { ok: true, channel: m.channel, ts: m.ts, text: m.text });
      }
      case 'chat.postEphemeral':
        if (!args['channel'] || !args['user']) return send(200, { ok: false, error: 'invalid_arguments' });
        return send(200, { ok: true, message_ts: this.nextTs() });
      case 'views.open':
        if (!args['trigger_id'] || !args['view']) return send(200, { ok: false, error: 'invalid_arguments' });
        if (!isValidModal(args['view'])) return send(200, { ok: false, error: 'invalid_arguments' });
        return send(200, { ok: true, view: { id: `V${this.calls.length}`, ...(args['view'] as object) } });
      case 'users.lookupByEmail': {
        // As Slack answers (docs.slack.dev/reference/methods/users.lookupByEmail): the user
        // object, or users_not_found; missing_scope without users:read.email.
        const scopes = this.options.scopes ?? MANIFEST_SCOPES;
        if (!scopes.includes(EMAIL_SCOPE)) return send(200, { ok: false, error: 'missing_scope', needed: EMAIL_SCOPE, provided: scopes.join(',') });
        const email = String(args['email'] ?? '');
        if (!email) return send(200, { ok: false, error: 'invalid_arguments' });
        const entry = Object.entries(this.options.users ?? {}).find(([e]) => e.toLowerCase() === email.toLowerCase());
        if (!entry) return send(200, { ok: false, error: 'users_not_found' });
        const [address, id] = entry;
        const name = address.split('@')[0]!;
        return send(200, {
          ok: true,
          user: {
            id,
            team_id: 'T0STANDIN',
            name,
            deleted: false,
            real_name: name,
            tz: 'Europe/Berlin',
            is_admin: false,
            is_bot: false,
            updated: 1700000000,
            profile: { email: address, real_name: name, display_name: name, team: 'T0STANDIN' },
          },
        });
      }
      case 'usergroups.users.list': {
        const members = this.userGroups.get(String(args['usergroup']));
        if (!members) return send(200, { ok: false, error: 'no_such_subteam' });
        return send(200, { ok: true, users: members });
      }
      default:
        return send(200, { ok: false, error: 'unknown_method' });
    }
  }

  private nextTs(): string {
    this.tsCounter++;
    // Like Slack's: Unix seconds, then a sequence that keeps ts unique and increasing.
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }
}

/**
 * The checks Slack makes on a modal before it opens one (docs.slack.dev/reference/views/modal-views):
 * type modal; a plain_text title of at most 24 characters; a submit button when it has an input
 * block; at most 100 blocks; private_metadata up to 3000 and callback_id up to 255 characters.
 */
function isValidModal(view: unknown): boolean {
  if (typeof view !== 'object' || view === null) return false;
  const v = view as Record<string, unknown>;
  const plain = (x: unknown, required: boolean) => {
    if (x === undefined) return !required;
    const t = (x as { type?: unknown; text?: unknown } | null)?.text;
    return (x as { type?: unknown }).type === 'plain_text' && typeof t === 'string' && t.length > 0 && t.length <= 24;
  };
  const blocks = Array.isArray(v['blocks']) ? (v['blocks'] as { type?: unknown }[]) : null;
  if (v['type'] !== 'modal' || !blocks || blocks.length > 100) return false;
  const hasInput = blocks.some((b) => b?.type === 'input');
  return (
    plain(v['title'], true) &&
    plain(v['submit'], hasInput) &&
    plain(v['close'], false) &&
    (v['private_metadata'] === undefined || (typeof v['private_metadata'] === 'string' && v['private_metadata'].length <= 3000)) &&
    (v['callback_id'] === undefined || (typeof v['callback_id'] === 'string' && v['callback_id'].length <= 255))
  );
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The client JSON-encodes nested arguments (blocks, view) inside form fields.
    if (/^[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // Not JSON after all: keep the string.
      }
    }
    out[k] = v;
  }
  return out;
}
