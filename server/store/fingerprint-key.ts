// The master key behind every repository's fingerprint key. SECRETGATE_FINGERPRINT_KEY when set;
// otherwise one made at random on first start and kept in the database, so a restart (or another
// replica on the same database) derives the same keys. It is read here and nowhere else, and
// never written to a log, an export or a page.
import { randomBytes } from 'node:crypto';
import { MIN_FINGERPRINT_KEY_BYTES } from '../../shared/fingerprint-key.js';
import type { Database } from './sqlite.js';

const NAME = 'fingerprint_master_key';

/** The stored master key, made (once, whoever races) when there is none. */
export function loadOrCreateFingerprintKey(db: Database, nowMs: number): Buffer {
  return db.transaction(() => {
    db.prepare('INSERT INTO server_keys (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING').run(
      NAME,
      randomBytes(MIN_FINGERPRINT_KEY_BYTES).toString('base64'),
      new Date(nowMs).toISOString(),
    );
    const row = db.prepare('SELECT value FROM server_keys WHERE name = ?').get<{ value: string }>(NAME)!;
    return Buffer.from(row.value, 'base64');
  });
}
