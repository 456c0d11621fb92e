// The Slack workspace's URL (`https://acme.slack.com/`), which message permalinks need: the
// configured SECRETGATE_SLACK_WORKSPACE_URL, or else what Slack's auth.test says (it needs no
// scope beyond the bot token). Looked up on first use, never at startup, and cached; while Slack
// cannot be asked, url() answers null and the dashboard links to the channel instead.
import type { Logger } from '../log.js';
import { describeSlackError } from './client.js';

export interface SlackWorkspaceOptions {
  /** SECRETGATE_SLACK_WORKSPACE_URL (normalised); when set, Slack is never asked. */
  configured: string | null;
  /** The workspace URL Slack reports (SlackApi.workspaceUrl, auth.test's `url`). */
  lookup: () => Promise<string>;
  logger: Logger;
  now: () => number;
  /** How long a caller waits for a lookup in flight before falling back (ms). */
  waitMs?: number;
  /** After a failed lookup, how long until Slack is asked again (ms); until then url() is null at once. */
  retryAfterMs?: number;
  /** How long a learnt URL is used before it is looked up again in the background (ms). */
  refreshAfterMs?: number;
}

export class SlackWorkspace {
  private learnt: { url: string; atMs: number } | null = null;
  private inFlight: Promise<string | null> | null = null;
  private nextAttemptMs = 0;

  constructor(private readonly options: SlackWorkspaceOptions) {}

  /** The workspace URL ending in `/`, or null when it is not known (yet). Never throws. */
  async url(): Promise<string | null> {
    const { configured, now } = this.options;
    if (configured) return configured;
    if (this.learnt) {
      // A renamed workspace gets a new URL: look again now and then, answering the old one meanwhile.
      const stale = now() - this.learnt.atMs >= (this.options.refreshAfterMs ?? 24 * 3600_000);
      if (stale && now() >= this.nextAttemptMs) void this.lookUp();
      return this.learnt.url;
    }
    if (now() < this.nextAttemptMs) return null;
    const pending = this.lookUp();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.options.waitMs ?? 1500);
    });
    try {
      return await Promise.race([pending, gaveUp]);
    } finally {
      clearTimeout(timer);
    }
  }

  private lookUp(): Promise<string | null> {
    this.inFlight ??= (async () => {
      try {
        const url = workspaceOrigin(await this.options.lookup());
        this.learnt = { url, atMs: this.options.now() };
        this.options.logger.info('slack workspace learnt from auth.test', { url });
        return url;
      } catch (err) {
        this.nextAttemptMs = this.options.now() + (this.options.retryAfterMs ?? 60_000);
        this.options.logger.warn('slack workspace URL unknown; dashboard links go to the channel', {
          reason: describeSlackError(err).reason,
        });
        return this.learnt?.url ?? null;
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }
}

/** `https://host/` of a workspace URL; throws unless it is https. */
function workspaceOrigin(url: string): string {
  const u = new URL(url);
  if (u.protocol !== 'https:') throw new Error(`auth.test answered a workspace URL that is not https: ${u.origin}`);
  return `${u.origin}/`;
}
