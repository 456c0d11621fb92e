// The ports reviews/ is given, around a real SQLite database: the async store adapter, a clock
// the test chooses, and wake-ups and kicks it can count.
import { randomUUID } from 'node:crypto';
import type { ReviewPorts } from '../../server/reviews/ports.js';
import type { Database } from '../../server/store/sqlite.js';
import { SqliteStore } from '../../server/store/sqlite-store.js';

export interface CountingPorts extends ReviewPorts {
  /** Review IDs woken, in order (one entry per wake). */
  woken: string[];
  kicks: number;
}

export function reviewPortsOn(db: Database, now: () => number = Date.now, overrides: Partial<ReviewPorts> = {}): CountingPorts {
  const ports: CountingPorts = {
    store: new SqliteStore(db),
    woken: [],
    kicks: 0,
    wake: (id) => void ports.woken.push(id),
    kick: () => void ports.kicks++,
    now,
    newId: randomUUID,
    commitStatuses: null,
    ...overrides,
  };
  return ports;
}
