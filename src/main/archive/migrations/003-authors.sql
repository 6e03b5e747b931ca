-- Authors: who made and who last changed each record (a member's name), and revisions with ids of their own.
-- Existing records get the archive owner's name right after this migration (see Archive.open).

ALTER TABLE sources ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN modified_by TEXT NOT NULL DEFAULT '';
ALTER TABLE tags ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE tags ADD COLUMN modified_by TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN modified_by TEXT NOT NULL DEFAULT '';
ALTER TABLE links ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE links ADD COLUMN modified_by TEXT NOT NULL DEFAULT '';
ALTER TABLE relations ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE variant_sets ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE variant_sets ADD COLUMN modified_by TEXT NOT NULL DEFAULT '';
ALTER TABLE handout_sets ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE handout_sets ADD COLUMN modified_by TEXT NOT NULL DEFAULT '';

CREATE INDEX annotations_created_by ON annotations (created_by);

-- Revisions are rebuilt so the small columns stay before the text (SQLite reads a row's columns in
-- order, and a long text spills into overflow pages). New columns:
-- uid: the revision's own id, the same in every copy of the archive (n is only the local order);
-- parent: the uid of the revision it was made from ('' for the first), so two edits of the same
--   revision made on two team copies can be told apart from a chain of edits;
-- text_length: so listing revisions does not read their texts.
CREATE TABLE revisions_rebuilt (
  source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  n INTEGER NOT NULL,
  uid TEXT NOT NULL UNIQUE,
  parent TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL,
  text_length INTEGER NOT NULL,
  created TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  PRIMARY KEY (source_id, n)
);
INSERT INTO revisions_rebuilt (source_id, n, uid, parent, content_hash, text_length, created, note, text)
  SELECT source_id, n, source_id || '-' || n, CASE WHEN n > 1 THEN source_id || '-' || (n - 1) ELSE '' END,
    content_hash, utf16_length(text), created, note, text
  FROM revisions ORDER BY source_id, n;
DROP TABLE revisions;
ALTER TABLE revisions_rebuilt RENAME TO revisions;
CREATE INDEX revisions_content_hash ON revisions (content_hash);
