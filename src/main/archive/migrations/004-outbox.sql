-- Team sync, the archive's side: the outbox of changes not yet accepted by the team server, and the sync state.
-- Empty and unused until the archive joins or shares a team archive (see src/main/archive/outbox.ts).

-- One row per changed field of a record (field '*' = the whole record, made here; '_deleted' = removed),
-- with the hybrid logical clock of the change. Filled by triggers in the same transaction as the change;
-- a row leaves when the server has accepted that change, or stays with state 'refused' and the server's
-- reason until the member changes the record again or discards the change.
CREATE TABLE sync_outbox (
  kind TEXT NOT NULL,
  record_id TEXT NOT NULL,
  field TEXT NOT NULL,
  hlc TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (kind, record_id, field)
) WITHOUT ROWID;
CREATE INDEX sync_outbox_state ON sync_outbox (state);

-- The team this copy belongs to (never a password), the member, the last change applied from the server's
-- feed, the highest clock seen; key/value like settings, but never in bundles.
CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
