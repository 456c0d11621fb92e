// A fresh directory under the system's temp dir, for one test's repository, database or files.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'secretgate-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
