// The runner cancels a job with SIGINT, then SIGTERM, then SIGKILL a few seconds later.
// The first signal aborts the work in progress (the gate then cancels its review);
// a second one means the runner is out of patience, so exit at once.

export interface CancelSignal {
  signal: AbortSignal;
  dispose(): void;
}

export function listenForCancel(onCancel: (name: string) => void): CancelSignal {
  const controller = new AbortController();
  const handler = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(1);
    onCancel(name);
    controller.abort(new Error(`received ${name}`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
