-- The library's listing at any size: one narrow row per source holding what the library filters
-- and sorts on (sort keys, the folded search text, annotation counts), kept in step with sources
-- and annotations by triggers, so that whatever writes a source (the API, undo, bundle merges) the
-- listing follows, and listing 100,000 sources never parses metadata or counts annotations.
-- sort_key() and fold() are the app's functions (src/shared/text), registered on every connection.
-- n is an INTEGER PRIMARY KEY so its values survive VACUUM: the listing caches orders of n.
CREATE TABLE source_list (
  n INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL UNIQUE REFERENCES sources (id) ON DELETE CASCADE,
  title_key TEXT NOT NULL,
  creators_key TEXT NOT NULL,
  date TEXT NOT NULL,
  language TEXT NOT NULL,
  kind TEXT NOT NULL,
  created TEXT NOT NULL,
  modified TEXT NOT NULL,
  annotations INTEGER NOT NULL DEFAULT 0,
  orphans INTEGER NOT NULL DEFAULT 0,
  -- Title, creators, publisher, description, date, language and kind, folded: what the filter reads.
  search TEXT NOT NULL
);
-- Every order is read from an index rather than sorted: by the column, then by title (each index
-- also holds n, the rowid, which breaks the last ties). The language index also serves the
-- sidebar's counts and the language filter.
CREATE INDEX source_list_title ON source_list (title_key);
CREATE INDEX source_list_creators ON source_list (creators_key, title_key);
CREATE INDEX source_list_date ON source_list (date, title_key);
CREATE INDEX source_list_language ON source_list (language, title_key);
CREATE INDEX source_list_kind ON source_list (kind, title_key);
CREATE INDEX source_list_annotations ON source_list (annotations, title_key);
CREATE INDEX source_list_created ON source_list (created, title_key);
CREATE INDEX source_list_modified ON source_list (modified, title_key);

-- The filter's words are found through trigrams of the folded text, so a filter reads the rows
-- that hold them, not all of them (words shorter than three letters are looked for in those).
CREATE VIRTUAL TABLE source_search USING fts5 (
  search,
  content = 'source_list',
  content_rowid = 'n',
  tokenize = 'trigram'
);
CREATE TRIGGER source_search_insert AFTER INSERT ON source_list BEGIN
  INSERT INTO source_search (rowid, search) VALUES (NEW.n, NEW.search);
END;
CREATE TRIGGER source_search_delete AFTER DELETE ON source_list BEGIN
  INSERT INTO source_search (source_search, rowid, search) VALUES ('delete', OLD.n, OLD.search);
END;
CREATE TRIGGER source_search_update AFTER UPDATE OF search ON source_list
  WHEN OLD.search IS NOT NEW.search BEGIN
  INSERT INTO source_search (source_search, rowid, search) VALUES ('delete', OLD.n, OLD.search);
  INSERT INTO source_search (rowid, search) VALUES (NEW.n, NEW.search);
END;

-- Each trigger below spells out the creators' names of the creators JSON column (empty if it is not
-- JSON): SQLite cannot name an expression once for several triggers.
CREATE TRIGGER source_list_insert AFTER INSERT ON sources BEGIN
  INSERT INTO source_list (source_id, title_key, creators_key, date, language, kind, created,
    modified, annotations, orphans, search)
  VALUES (
    NEW.id,
    sort_key(NEW.title),
    sort_key(CASE WHEN json_valid(NEW.creators) THEN (SELECT coalesce(group_concat(json_extract(value, '$.name'), '; ' ORDER BY key), '') FROM json_each(NEW.creators)) ELSE '' END),
    NEW.date, NEW.language, NEW.kind, NEW.created, NEW.modified,
    -- Undo may put a source's annotations back before the source itself.
    (SELECT count(*) FROM annotations a WHERE a.source_id = NEW.id AND a.status = 'anchored'),
    (SELECT count(*) FROM annotations a WHERE a.source_id = NEW.id AND a.status = 'orphan'),
    fold(NEW.title || ' ' || NEW.publisher || ' ' || NEW.description || ' ' || NEW.date || ' ' ||
      NEW.language || ' ' || NEW.kind || ' ' ||
      CASE WHEN json_valid(NEW.creators) THEN (SELECT coalesce(group_concat(json_extract(value, '$.name'), ' ' ORDER BY key), '') FROM json_each(NEW.creators)) ELSE '' END)
  )
  ON CONFLICT (source_id) DO UPDATE SET title_key = excluded.title_key,
    creators_key = excluded.creators_key, date = excluded.date, language = excluded.language,
    kind = excluded.kind, created = excluded.created, modified = excluded.modified,
    annotations = excluded.annotations, orphans = excluded.orphans, search = excluded.search;
END;

CREATE TRIGGER source_list_update AFTER UPDATE OF title, creators, publisher, description, date,
  language, kind, created, modified ON sources BEGIN
  UPDATE source_list SET
    title_key = sort_key(NEW.title),
    creators_key = sort_key(CASE WHEN json_valid(NEW.creators) THEN (SELECT coalesce(group_concat(json_extract(value, '$.name'), '; ' ORDER BY key), '') FROM json_each(NEW.creators)) ELSE '' END),
    date = NEW.date, language = NEW.language, kind = NEW.kind, created = NEW.created,
    modified = NEW.modified,
    search = fold(NEW.title || ' ' || NEW.publisher || ' ' || NEW.description || ' ' || NEW.date ||
      ' ' || NEW.language || ' ' || NEW.kind || ' ' ||
      CASE WHEN json_valid(NEW.creators) THEN (SELECT coalesce(group_concat(json_extract(value, '$.name'), ' ' ORDER BY key), '') FROM json_each(NEW.creators)) ELSE '' END)
  WHERE source_id = NEW.id;
END;

-- Annotation counts: a source deleted with its annotations loses its row by the foreign key.
CREATE TRIGGER source_list_annotation_insert AFTER INSERT ON annotations BEGIN
  UPDATE source_list SET annotations = annotations + (NEW.status = 'anchored'),
    orphans = orphans + (NEW.status = 'orphan')
  WHERE source_id = NEW.source_id;
END;

CREATE TRIGGER source_list_annotation_delete AFTER DELETE ON annotations BEGIN
  UPDATE source_list SET annotations = annotations - (OLD.status = 'anchored'),
    orphans = orphans - (OLD.status = 'orphan')
  WHERE source_id = OLD.source_id;
END;

CREATE TRIGGER source_list_annotation_update AFTER UPDATE OF status, source_id ON annotations
  WHEN OLD.status IS NOT NEW.status OR OLD.source_id IS NOT NEW.source_id BEGIN
  UPDATE source_list SET annotations = annotations - (OLD.status = 'anchored'),
    orphans = orphans - (OLD.status = 'orphan')
  WHERE source_id = OLD.source_id;
  UPDATE source_list SET annotations = annotations + (NEW.status = 'anchored'),
    orphans = orphans + (NEW.status = 'orphan')
  WHERE source_id = NEW.source_id;
END;

-- The sources already in the archive.
INSERT INTO source_list (source_id, title_key, creators_key, date, language, kind, created,
  modified, annotations, orphans, search)
SELECT s.id, sort_key(s.title),
  sort_key(CASE WHEN json_valid(s.creators) THEN (SELECT coalesce(group_concat(json_extract(value, '$.name'), '; ' ORDER BY key), '') FROM json_each(s.creators)) ELSE '' END),
  s.date, s.language, s.kind, s.created, s.modified,
  (SELECT count(*) FROM annotations a WHERE a.source_id = s.id AND a.status = 'anchored'),
  (SELECT count(*) FROM annotations a WHERE a.source_id = s.id AND a.status = 'orphan'),
  fold(s.title || ' ' || s.publisher || ' ' || s.description || ' ' || s.date || ' ' ||
    s.language || ' ' || s.kind || ' ' ||
    CASE WHEN json_valid(s.creators) THEN (SELECT coalesce(group_concat(json_extract(value, '$.name'), ' ' ORDER BY key), '') FROM json_each(s.creators)) ELSE '' END)
FROM sources s;
