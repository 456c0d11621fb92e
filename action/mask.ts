// Hands every found value to the runner's log masking. The runner masks line by line, so a
// multi-line value (a private key) is also registered one line at a time.
import * as core from '@actions/core';

export function maskSecrets(values: Iterable<string>): void {
  const seen = new Set<string>();
  const add = (v: string) => {
    if (v && !seen.has(v)) {
      seen.add(v);
      core.setSecret(v);
    }
  };
  for (const value of values) {
    add(value);
    if (!/[\r\n]/.test(value)) continue;
    for (const line of value.split(/\r?\n|\r/)) {
      const trimmed = line.trim();
      // Armour lines (-----BEGIN …-----) are public and short lines would mask common text.
      if (trimmed.length >= 8 && !/^-----(BEGIN|END) /.test(trimmed)) add(trimmed);
    }
  }
}
