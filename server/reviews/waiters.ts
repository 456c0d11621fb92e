// In-process wake-ups for long-polls: a decision calls wake(id) and every request waiting on
// that review returns at once, without anyone polling the database.
export class Waiters {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** Resolves true when woken, false after `ms` or when `signal` aborts. */
  wait(id: string, ms: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      let set = this.waiting.get(id);
      if (!set) this.waiting.set(id, (set = new Set()));
      const done = (woken: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        set!.delete(wake);
        if (set!.size === 0 && this.waiting.get(id) === set) this.waiting.delete(id);
        resolve(woken);
      };
      const wake = () => done(true);
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), ms);
      set.add(wake);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  wake(id: string): void {
    const set = this.waiting.get(id);
    if (set) for (const wake of [...set]) wake();
  }

  /** On shutdown: every long-poll answers with what it has now. */
  wakeAll(): void {
    for (const id of [...this.waiting.keys()]) this.wake(id);
  }

  get size(): number {
    let n = 0;
    for (const s of this.waiting.values()) n += s.size;
    return n;
  }
}
