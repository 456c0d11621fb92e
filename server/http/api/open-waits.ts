// Open long-polls per caller (caller-limits.ts says why), in a file of its own: AppDeps holds
// one, and caller-limits.ts imports AppDeps.
/** Open long-polls per caller, in this process (each replica holds its own). */
export class OpenWaits {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** A release function (call it once the wait ends), or null when `caller` holds `max` already. */
  take(caller: string): (() => void) | null {
    const n = this.open.get(caller) ?? 0;
    if (n >= this.max) return null;
    this.open.set(caller, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(caller) ?? 1) - 1;
      if (left > 0) this.open.set(caller, left);
      else this.open.delete(caller);
    };
  }
}
