// Paces chat.postMessage to about one message per second per channel, which is what Slack
// allows ("1 per second per channel", with short bursts tolerated). A burst of reviews to one
// channel then goes out steadily instead of drawing a 429 that pauses every channel.
export class ChannelPacer {
  private readonly last = new Map<string, number>();

  constructor(private readonly intervalMs = 1000) {}

  /** Milliseconds to wait before posting to `channel` at `nowMs` (0: post now). */
  waitFor(channel: string, nowMs: number): number {
    const last = this.last.get(channel);
    return last === undefined ? 0 : Math.max(0, last + this.intervalMs - nowMs);
  }

  /** Records a post to `channel` at `nowMs`. */
  posted(channel: string, nowMs: number): void {
    this.last.set(channel, nowMs);
    // Forget channels quiet for a while, so the map does not grow without bound.
    if (this.last.size > 1000) {
      for (const [c, t] of this.last) if (nowMs - t > this.intervalMs) this.last.delete(c);
    }
  }
}
