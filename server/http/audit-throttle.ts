// Unauthenticated noise (forged Slack requests, wrong dashboard tokens) must be audited, but
// must not let anyone on the internet grow the audit log without bound. Per kind of event,
// the first `limit` in each window are written as usual; the rest are counted, and the count
// is written as one `audit.throttled` event when the next event of that kind arrives after
// the window, or when the server stops.

export interface AuditThrottleOptions {
  /** Events of one kind written in full per window. */
  limit: number;
  windowMs: number;
  now: () => number;
}

export interface ThrottleSummary {
  kind: string;
  suppressed: number;
  from: string;
  to: string;
}

interface Window {
  startMs: number;
  written: number;
  suppressed: number;
}

export class AuditThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly options: AuditThrottleOptions) {}

  /**
   * Whether this event should be written, and the summary of an earlier window's held-back
   * events, which the caller writes first (in the same transaction).
   */
  admit(kind: string): { write: boolean; summary?: ThrottleSummary } {
    const now = this.options.now();
    let window = this.windows.get(kind);
    let summary: ThrottleSummary | undefined;
    if (window && now - window.startMs >= this.options.windowMs) {
      summary = this.summarise(kind, window, now);
      window = undefined;
    }
    if (!window) {
      window = { startMs: now, written: 0, suppressed: 0 };
      this.windows.set(kind, window);
    }
    if (window.written < this.options.limit) {
      window.written++;
      return summary ? { write: true, summary } : { write: true };
    }
    window.suppressed++;
    return summary ? { write: false, summary } : { write: false };
  }

  /** Summaries of every window with held-back events, for a graceful stop. */
  drain(): ThrottleSummary[] {
    const now = this.options.now();
    const out: ThrottleSummary[] = [];
    for (const [kind, window] of this.windows) {
      const s = this.summarise(kind, window, now);
      if (s) out.push(s);
    }
    this.windows.clear();
    return out;
  }

  private summarise(kind: string, window: Window, now: number): ThrottleSummary | undefined {
    if (window.suppressed === 0) return undefined;
    return { kind, suppressed: window.suppressed, from: new Date(window.startMs).toISOString(), to: new Date(now).toISOString() };
  }
}
