// Numbered schema migrations. The version lives in PRAGMA user_version (no migrations table);
// each step runs in its own BEGIN IMMEDIATE, so a crash leaves the database at a whole version.
import type { Database } from './sqlite.js';

/** migrations[i] takes the schema from version i to version i + 1. Append only; never edit. */
export const migrations: readonly string[] = [
  // 1: reviews, findings, remembered decisions, outbox, audit log.
  `
  CREATE TABLE reviews (
    id               TEXT PRIMARY KEY,
    idempotency_key  TEXT NOT NULL,
    repository       TEXT NOT NULL,
    ref              TEXT,
    head_sha         TEXT NOT NULL,
    base_sha         TEXT,
    commits          TEXT NOT NULL DEFAULT '[]',
    pull_request     INTEGER,
    run_url          TEXT,
    actor            TEXT,
    requested_by     TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN
                       ('pending','approved','false_positive','rejected','expired','cancelled')),
    remembered       INTEGER NOT NULL DEFAULT 0,
    finding_count    INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    deadline_ms      INTEGER NOT NULL,
    decided_by       TEXT,
    decided_by_name  TEXT,
    decision_reason  TEXT,
    decided_at       TEXT,
    slack_channel    TEXT,
    slack_ts         TEXT,
    UNIQUE (repository, idempotency_key)
  );
  CREATE INDEX reviews_pending_by_deadline ON reviews (deadline_ms) WHERE status = 'pending';

  CREATE TABLE findings (
    review_id    TEXT NOT NULL REFERENCES reviews (id),
    position     INTEGER NOT NULL,
    rule_id      TEXT NOT NULL,
    description  TEXT NOT NULL,
    severity     TEXT NOT NULL,
    file         TEXT NOT NULL,
    line         INTEGER NOT NULL,
    commit_sha   TEXT,
    author       TEXT,
    redacted     TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    PRIMARY KEY (review_id, position)
  ) WITHOUT ROWID;

  CREATE TABLE remembered (
    repository   TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    decision     TEXT NOT NULL CHECK (decision IN ('approved','false_positive')),
    review_id    TEXT NOT NULL,
    decided_by   TEXT NOT NULL,
    decided_at   TEXT NOT NULL,
    PRIMARY KEY (repository, fingerprint)
  ) WITHOUT ROWID;

  CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id        TEXT,
    kind             TEXT NOT NULL,
    payload          TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms  INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    delivered_at     TEXT
  );
  CREATE INDEX outbox_undelivered ON outbox (next_attempt_ms, id) WHERE delivered_at IS NULL;
  CREATE INDEX outbox_undelivered_by_review ON outbox (review_id, id) WHERE delivered_at IS NULL;

  CREATE TABLE audit_events (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    type       TEXT NOT NULL,
    review_id  TEXT,
    actor      TEXT,
    data       TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
  );
  CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END;
  CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END;
  `,
  // 2: when a post was sent without its answer being recorded (crash, timeout, 5xx after the
  // fact), the retry first looks in Slack for the message instead of posting it again.
  `
  ALTER TABLE outbox ADD COLUMN sent_at_ms INTEGER;
  `,
  // 3: commit statuses on GitHub go through the same outbox in their own lane, ordered per
  // commit (order_key = repository@sha) instead of per review; clean runs the Action reported.
  `
  ALTER TABLE outbox ADD COLUMN lane TEXT NOT NULL DEFAULT 'slack';
  ALTER TABLE outbox ADD COLUMN order_key TEXT;
  CREATE INDEX outbox_undelivered_by_key ON outbox (lane, order_key, id) WHERE delivered_at IS NULL;
  CREATE TABLE clean_runs (
    repository   TEXT NOT NULL COLLATE NOCASE,
    sha          TEXT NOT NULL,
    reported_by  TEXT NOT NULL,
    reported_at  TEXT NOT NULL,
    ref          TEXT,
    run_url      TEXT,
    PRIMARY KEY (repository, sha)
  ) WITHOUT ROWID;
  CREATE INDEX reviews_by_head ON reviews (repository COLLATE NOCASE, head_sha, created_at);
  `,
  // 4: a review's audit events found by review (reminders and Fix instructions look for
  // their own event; /secretgate audit lists a review's trail) instead of by a full scan.
  `
  CREATE INDEX audit_events_by_review ON audit_events (review_id, type) WHERE review_id IS NOT NULL;
  `,
  // 5: audit seq becomes AUTOINCREMENT, so sqlite_sequence remembers the highest seq issued and
  // a deleted tail is detectable (store/audit-head.ts). SQLite cannot alter a column, so the
  // table is rebuilt: every row is copied as it is (seq and hashes unchanged), then the
  // triggers and the index are made again. DROP TABLE fires no DELETE trigger.
  `
  ALTER TABLE audit_events RENAME TO audit_events_v4;
  CREATE TABLE audit_events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    type       TEXT NOT NULL,
    review_id  TEXT,
    actor      TEXT,
    data       TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
  );
  INSERT INTO audit_events (seq, at, type, review_id, actor, data, prev_hash, hash)
    SELECT seq, at, type, review_id, actor, data, prev_hash, hash FROM audit_events_v4 ORDER BY seq;
  DROP TABLE audit_events_v4;
  CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END;
  CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END;
  CREATE INDEX audit_events_by_review ON audit_events (review_id, type) WHERE review_id IS NOT NULL;
  `,
  // 6: what a finding is beside a secret (a part not scanned, a config change), and whether
  // its line carried the author's own inline allow marker: shown to approvers as such.
  `
  ALTER TABLE findings ADD COLUMN kind TEXT;
  ALTER TABLE findings ADD COLUMN allowed_inline INTEGER NOT NULL DEFAULT 0;
  `,
  // 7: an idempotency key belongs to one caller and one request. The key is stored scoped to
  // its caller, `<requested_by> <key>` (no caller ID holds a space), so two callers' keys never
  // meet, and with the hash of the request, so that reusing it for another request is refused.
  // Reviews from before stay found by their own caller; their request hash is unknown (NULL).
  `
  ALTER TABLE reviews ADD COLUMN request_hash TEXT;
  UPDATE reviews SET idempotency_key = requested_by || ' ' || idempotency_key;
  CREATE INDEX reviews_by_idempotency_key ON reviews (idempotency_key);
  `,
  // 8: commits a person blocked (store/blocked-commits.ts), filled from the reviews so far: for
  // each full SHA a review covered (head and commits), the newest decision a person made on a
  // review covering it, kept when it was a Block.
  `
  CREATE TABLE blocked_commits (
    repository  TEXT NOT NULL COLLATE NOCASE,
    sha         TEXT NOT NULL,
    review_id   TEXT NOT NULL,
    blocked_at  TEXT NOT NULL,
    PRIMARY KEY (repository, sha)
  ) WITHOUT ROWID;
  WITH decided AS (
    SELECT id, repository, head_sha, commits, status, decided_at FROM reviews
     WHERE status IN ('approved', 'false_positive', 'rejected') AND remembered = 0 AND decided_by <> 'system'
  ), covered AS (
    SELECT id, repository, lower(head_sha) AS sha, status, decided_at FROM decided
    UNION
    SELECT d.id, d.repository, lower(c.value), d.status, d.decided_at FROM decided d, json_each(d.commits) c
  ), newest AS (
    SELECT id, repository, sha, status, decided_at,
           row_number() OVER (PARTITION BY lower(repository), sha ORDER BY decided_at DESC, id) AS n
      FROM covered WHERE length(sha) IN (40, 64) AND sha NOT GLOB '*[^0-9a-f]*'
  )
  INSERT INTO blocked_commits (repository, sha, review_id, blocked_at)
    SELECT repository, sha, id, decided_at FROM newest WHERE n = 1 AND status = 'rejected';
  `,
  // 9: the repository_id of each repository an OIDC token spoke for, pinned when first seen
  // (store/oidc-repositories.ts): a repository deleted and made again under the name is refused.
  `
  CREATE TABLE oidc_repositories (
    repository     TEXT NOT NULL COLLATE NOCASE PRIMARY KEY,
    repository_id  TEXT NOT NULL,
    owner_id       TEXT,
    pinned_at      TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 10: keyed fingerprints (HMAC under a key derived from the master key in server_keys, unless
  // SECRETGATE_FINGERPRINT_KEY is set). The decisions remembered under the old unkeyed
  // fingerprints move aside: a job that sends an old fingerprint along with its keyed one carries
  // the decision over (store/legacy-decisions.ts), for a transition period from moved_at.
  `
  CREATE TABLE server_keys (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    created_at  TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE remembered_legacy (
    repository   TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    decision     TEXT NOT NULL CHECK (decision IN ('approved','false_positive')),
    review_id    TEXT NOT NULL,
    decided_by   TEXT NOT NULL,
    decided_at   TEXT NOT NULL,
    moved_at     TEXT NOT NULL,
    PRIMARY KEY (repository, fingerprint)
  ) WITHOUT ROWID;
  INSERT INTO remembered_legacy (repository, fingerprint, decision, review_id, decided_by, decided_at, moved_at)
    SELECT repository, fingerprint, decision, review_id, decided_by, decided_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM remembered;
  DELETE FROM remembered;
  `,
  // 11: each finding keeps its commit author's e-mail, which the self-approval guard maps to a
  // Slack user (the policy's [identities], or users.lookupByEmail).
  `
  ALTER TABLE findings ADD COLUMN author_email TEXT;
  `,
  // 12: each caller's pending reviews, for the per-caller cap every creation checks
  // (store/reviews.ts pendingReviewsOf): without it the count read every pending review.
  `
  CREATE INDEX reviews_pending_by_caller ON reviews (requested_by) WHERE status = 'pending';
  `,
  // 13: each finding keeps the provider family its rule names (the Action sends it), which picks
  // the remediation advice; rows from before have none.
  `
  ALTER TABLE findings ADD COLUMN provider TEXT;
  `,
  // 14: the count itself, kept by triggers, so the cap check reads one row however many reviews
  // a caller has pending (counting migration 12's index entries grew with them). Filled from the
  // reviews so far; a review enters the count when it is written pending and leaves it when it
  // stops being pending (or is deleted while pending).
  `
  CREATE TABLE pending_per_caller (
    requested_by TEXT PRIMARY KEY,
    n INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO pending_per_caller (requested_by, n)
    SELECT requested_by, COUNT(*) FROM reviews WHERE status = 'pending' GROUP BY requested_by;
  CREATE TRIGGER reviews_pending_counted AFTER INSERT ON reviews WHEN NEW.status = 'pending'
  BEGIN
    INSERT INTO pending_per_caller (requested_by, n) VALUES (NEW.requested_by, 1)
      ON CONFLICT (requested_by) DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER reviews_pending_status AFTER UPDATE OF status, requested_by ON reviews
    WHEN (OLD.status = 'pending') <> (NEW.status = 'pending') OR (NEW.status = 'pending' AND OLD.requested_by <> NEW.requested_by)
  BEGIN
    UPDATE pending_per_caller SET n = n - 1 WHERE OLD.status = 'pending' AND requested_by = OLD.requested_by;
    INSERT INTO pending_per_caller (requested_by, n) SELECT NEW.requested_by, 1 WHERE NEW.status = 'pending'
      ON CONFLICT (requested_by) DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER reviews_pending_deleted AFTER DELETE ON reviews WHEN OLD.status = 'pending'
  BEGIN
    UPDATE pending_per_caller SET n = n - 1 WHERE requested_by = OLD.requested_by;
  END;
  `,
];

export function schemaVersion(db: Database): number {
  return db.prepare('PRAGMA user_version').get<{ user_version: number }>()?.user_version ?? 0;
}

/** Brings the schema to the latest version. Throws naming the versions a failure was between. */
export function migrate(db: Database): number {
  const target = migrations.length;
  let version = schemaVersion(db);
  if (version > target) {
    throw new Error(
      `Database ${db.path} is at schema version ${version}, newer than this server knows (${target}). Upgrade secretgate.`,
    );
  }
  while (version < target) {
    const sql = migrations[version]!;
    const next = version + 1;
    try {
      db.transaction(() => {
        // Re-read inside the write lock: another process may have migrated meanwhile.
        if (schemaVersion(db) !== version) return;
        db.exec(sql);
        db.exec(`PRAGMA user_version = ${next}`);
      });
    } catch (err) {
      throw new Error(
        `Migration of ${db.path} from schema version ${version} to ${next} failed: ${(err as Error).message}`,
      );
    }
    version = schemaVersion(db);
  }
  return version;
}
