-- Cheaper imports. First, the library's listing written a batch at a time: what a source's
-- listing row holds is spelled out once, in the view source_list_row; the triggers of migration
-- 007 read it, and an import of many files writes its sources' rows with one statement at the end
-- of each batch (src/main/archive/sources.ts, insertSources) instead of a trigger program per
-- source, while listing_deferred(), the app's function, says so. Any other write of a source (the
-- API, undo, bundle merges, a team's changes) still has its row written by the trigger as before.
CREATE VIEW source_list_row AS
SELECT s.id AS source_id,
  sort_key(s.title) AS title_key,
  sort_key(CASE WHEN json_valid(s.creators) THEN (SELECT coalesce(group_concat(json_extract(value, '$.name'), '; ' ORDER BY key), '') FROM json_each(s.creators)) ELSE '' END) AS creators_key,
  s.date AS date, s.language AS language, s.kind AS kind, s.created AS created,
  s.modified AS modified,
  -- Undo may put a source's annotations back before the source itself.
  (SELECT count(*) FROM annotations a WHERE a.source_id = s.id AND a.status = 'anchored') AS annotations,
  (SELECT count(*) FROM annotations a WHERE a.source_id = s.id AND a.status = 'orphan') AS orphans,
  fold(s.title || ' ' || s.publisher || ' ' || s.description || ' ' || s.date || ' ' ||
    s.language || ' ' || s.kind || ' ' ||
    CASE WHEN json_valid(s.creators) THEN (SELECT coalesce(group_concat(json_extract(value, '$.name'), ' ' ORDER BY key), '') FROM json_each(s.creators)) ELSE '' END) AS search
FROM sources s;

DROP TRIGGER source_list_insert;
CREATE TRIGGER source_list_insert AFTER INSERT ON sources WHEN NOT listing_deferred() BEGIN
  INSERT INTO source_list (source_id, title_key, creators_key, date, language, kind, created,
    modified, annotations, orphans, search)
  SELECT source_id, title_key, creators_key, date, language, kind, created, modified,
    annotations, orphans, search
  FROM source_list_row WHERE source_id = NEW.id
  ON CONFLICT (source_id) DO UPDATE SET title_key = excluded.title_key,
    creators_key = excluded.creators_key, date = excluded.date, language = excluded.language,
    kind = excluded.kind, created = excluded.created, modified = excluded.modified,
    annotations = excluded.annotations, orphans = excluded.orphans, search = excluded.search;
END;

DROP TRIGGER source_list_update;
CREATE TRIGGER source_list_update AFTER UPDATE OF title, creators, publisher, description, date,
  language, kind, created, modified ON sources BEGIN
  UPDATE source_list SET (title_key, creators_key, date, language, kind, created, modified, search) =
    (SELECT title_key, creators_key, date, language, kind, created, modified, search
     FROM source_list_row WHERE source_id = NEW.id)
  WHERE source_id = NEW.id;
END;

-- Texts are looked up by their hash in revisions (every text a source has had), never in sources:
-- an index nothing reads, which every new source wrote a page of at a random place.
DROP INDEX sources_content_hash;
