-- The first schema: sources with revisions, the codebook, annotations, links, variant sets, settings, search index.

-- Sources hold metadata; their texts live in revisions (the current one is revisions.n = sources.revision),
-- so each text is stored once. Large columns come last: SQLite reads a row's columns in order.
CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  revision INTEGER NOT NULL DEFAULT 1,
  content_hash TEXT NOT NULL,
  text_length INTEGER NOT NULL,
  paragraph_count INTEGER NOT NULL,
  kind TEXT NOT NULL DEFAULT 'other',
  language TEXT NOT NULL DEFAULT '',
  date TEXT NOT NULL DEFAULT '',
  accessed TEXT NOT NULL DEFAULT '',
  created TEXT NOT NULL,
  modified TEXT NOT NULL,
  title TEXT NOT NULL,
  creators TEXT NOT NULL DEFAULT '[]',
  publisher TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  license TEXT NOT NULL DEFAULT '',
  origin TEXT,
  description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sources_content_hash ON sources (content_hash);

-- Every version of every text; revision 1 is the text as imported.
CREATE TABLE revisions (
  source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  n INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  created TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  PRIMARY KEY (source_id, n)
);
CREATE INDEX revisions_content_hash ON revisions (content_hash);

CREATE TABLE tags (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  color TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  key INTEGER,
  position INTEGER NOT NULL,
  group_name TEXT NOT NULL DEFAULT '',
  created TEXT NOT NULL
);
CREATE UNIQUE INDEX tags_shortcut ON tags (key) WHERE key IS NOT NULL;

CREATE TABLE annotations (
  id TEXT PRIMARY KEY,
  source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'anchored',
  created TEXT NOT NULL,
  modified TEXT NOT NULL,
  prefix TEXT NOT NULL DEFAULT '',
  suffix TEXT NOT NULL DEFAULT '',
  exact TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX annotations_source ON annotations (source_id, start);

CREATE TABLE annotation_tags (
  annotation_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
  tag_id TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (annotation_id, tag_id)
);
CREATE INDEX annotation_tags_tag ON annotation_tags (tag_id);

CREATE TABLE relations (
  id TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  builtin INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL
);

INSERT INTO relations (id, label, builtin, position) VALUES
  ('agrees', 'agrees with', 1, 0),
  ('contradicts', 'contradicts', 1, 1),
  ('adds-detail', 'adds detail to', 1, 2),
  ('same-event', 'same event as', 1, 3),
  ('translation-of', 'translation of', 1, 4);

CREATE TABLE links (
  id TEXT PRIMARY KEY,
  from_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
  to_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
  relation TEXT NOT NULL REFERENCES relations (id),
  note TEXT NOT NULL DEFAULT '',
  created TEXT NOT NULL,
  modified TEXT NOT NULL
);
CREATE INDEX links_from ON links (from_id);
CREATE INDEX links_to ON links (to_id);

CREATE TABLE variant_sets (
  id TEXT PRIMARY KEY,
  terms TEXT NOT NULL,
  position INTEGER NOT NULL
);

-- Handout sets: what a printed handout holds (sources, which annotations, questions) and its layout.
-- selection, source_ids and questions are JSON (see HandoutSet in src/shared/model.ts).
CREATE TABLE handout_sets (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  modified TEXT NOT NULL,
  layout TEXT NOT NULL DEFAULT 'excerpts',
  page_size TEXT NOT NULL DEFAULT 'A4',
  notes TEXT NOT NULL DEFAULT 'footnotes',
  group_by TEXT NOT NULL DEFAULT 'source',
  title TEXT NOT NULL,
  subtitle TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  source_ids TEXT NOT NULL DEFAULT '[]',
  selection TEXT NOT NULL DEFAULT '{"mode":"all","tagIds":[],"annotationIds":[]}',
  questions TEXT NOT NULL DEFAULT '{}',
  introduction TEXT NOT NULL DEFAULT ''
);

-- Preferences of this archive (reader layout and the like); not part of undo.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Search index: passages (paragraphs, long ones cut at about 2,000 characters) of the current texts.
-- The FTS5 table indexes the folded text (see src/shared/text/fold.ts) and reads it back, for
-- highlight(), through a view that folds passages.body with the fold() function the app registers.
-- Kept in step with sources by search.ts, which compares search_state.key with each source.
CREATE TABLE passages (
  id INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL,
  start INTEGER NOT NULL,
  paragraph INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX passages_source ON passages (source_id);
CREATE VIEW passage_content AS SELECT id, fold(body) AS body FROM passages;
CREATE VIRTUAL TABLE passage_text USING fts5 (
  body,
  content = 'passage_content',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE search_state (
  source_id TEXT PRIMARY KEY,
  key TEXT NOT NULL
);
