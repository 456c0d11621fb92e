// A scan is one short batch over text the JIT has never seen. V8 11's default budget before it
// optimises a function suits pages and servers that run for minutes; here it compiles the
// parser and the detector before their rarer paths (a kept line, a flush, a long line) have
// run, throws that code away when one does, and compiles again, on the core git needs. Nine
// times the default budget let the dense bench history scan in 0.85 s instead of 0.95 s, and
// the bench history in 1.14 s instead of 1.27 s (README, "Speed"). Later V8s (Node 22 and
// 24, Deno) tier up through Maglev on other counters, do not know the flag, and print an
// error for it: they run the scan as it is.
import { setFlagsFromString } from 'node:v8';

export const BATCH_INTERRUPT_BUDGET = 1_200_000;

/** Whether this runtime's V8 takes the flag: V8 11 (Node 20), the only one measured. */
export function tiersByInterruptBudget(v8Version: string | undefined): boolean {
  return v8Version !== undefined && Number(v8Version.split('.')[0]) === 11;
}

/** Called before a scan, in the CLI and the Action; the approval server keeps V8's default. */
export function tuneForBatch(): void {
  if (!tiersByInterruptBudget(process.versions.v8)) return;
  try {
    setFlagsFromString(`--interrupt-budget=${BATCH_INTERRUPT_BUDGET}`);
  } catch {
    // A runtime that refuses V8 flags runs the scan as it is.
  }
}
