// The team database: record tables with per-field clocks, the change feed, history, roles and row-level security.

import { SCHEMA_VERSION } from '../archive/db'
import { SERVER_COLUMNS, q, shapes, type Shape } from './shapes'

/** Bumped when the team database's own layout changes; a client refuses a newer one. */
export const TEAM_FORMAT = 1
export const TEAM_SCHEMA = 'parallax'
/** The channel NOTIFY announces new changes on (one database per team archive). */
export const CHANNEL = 'parallax_changes'
/** Serialises the feed: changes commit in the order of their sequence numbers (see merge()). */
const FEED_LOCK = 2026_12_06

/** The four group roles of one team database, named after it (roles are shared by a whole server). */
export function groupRoles(
  prefix: string
): Record<'owner' | 'editor' | 'annotator' | 'viewer', string> {
  return {
    owner: `${prefix}_owner`,
    editor: `${prefix}_editor`,
    annotator: `${prefix}_annotator`,
    viewer: `${prefix}_viewer`
  }
}

/** A role prefix from the database name: lower-case letters, digits and underscores. */
export function rolePrefix(database: string): string {
  const slug = database
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
  return `px_${slug || 'team'}`.slice(0, 40)
}

const s = TEAM_SCHEMA

function recordTable(shape: Shape): string {
  const cols = shape.columns.map(
    (c) => `${q(c.server)} ${c.type}${c.server === shape.key ? ' PRIMARY KEY' : ''}`
  )
  return `CREATE TABLE ${s}.${q(shape.table)} (
    ${cols.join(',\n    ')},
    clocks jsonb NOT NULL DEFAULT '{}',
    deleted boolean NOT NULL DEFAULT false,
    seq bigint NOT NULL DEFAULT 0,
    changed_by text NOT NULL DEFAULT ''
  );
  CREATE INDEX ON ${s}.${q(shape.table)} (seq);
  CREATE TRIGGER merge BEFORE INSERT OR UPDATE ON ${s}.${q(shape.table)}
    FOR EACH ROW EXECUTE FUNCTION ${s}.merge(${literal(shape.key)});
  CREATE TRIGGER announce AFTER INSERT OR UPDATE ON ${s}.${q(shape.table)}
    FOR EACH STATEMENT EXECUTE FUNCTION ${s}.announce();`
}

/** Who may change what, as row-level security; grants do the rest (viewers only read). */
function policies(shape: Shape, roles: ReturnType<typeof groupRoles>): string {
  const t = `${s}.${q(shape.table)}`
  const own = ['annotations', 'links'].includes(shape.table)
  // (SELECT f()) makes PostgreSQL ask once per statement, not once per row of a large push.
  const editor = `(SELECT ${s}.can_edit())`
  const me = `(SELECT ${s}.member())`
  const writer = own
    ? `${editor} OR created_by = ${me}`
    : shape.table === 'relations'
      ? `${me} IS NOT NULL`
      : editor
  // A link is seen by whoever sees both its ends (the annotations' own policy decides).
  const readers =
    shape.table === 'annotations'
      ? `${s}.may_see(created_by, source_id)`
      : shape.table === 'links'
        ? `EXISTS (SELECT 1 FROM ${s}.annotations a WHERE a.id = from_id) AND EXISTS (SELECT 1 FROM ${s}.annotations a WHERE a.id = to_id)`
        : 'true'
  const writes = own
    ? roles.annotator
    : shape.table === 'relations'
      ? roles.annotator
      : roles.editor
  return `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
  CREATE POLICY read ON ${t} FOR SELECT USING (${readers});
  CREATE POLICY add ON ${t} FOR INSERT WITH CHECK (${writer});
  CREATE POLICY change ON ${t} FOR UPDATE USING (${writer}) WITH CHECK (${writer});
  GRANT SELECT ON ${t} TO ${q(roles.viewer)};
  GRANT INSERT, UPDATE ON ${t} TO ${q(writes)};`
}

/**
 * The whole team database, for `team init`. Records are never deleted: a deletion is a field
 * ("deleted") with its own clock, so a later edit can win over it and the record can come back.
 */
export function initSql(prefix: string, archiveName: string): string {
  const roles = groupRoles(prefix)
  const all = shapes()
  return `
  CREATE SCHEMA ${s};
  CREATE TABLE ${s}.info (key text PRIMARY KEY, value text NOT NULL);
  INSERT INTO ${s}.info VALUES ('format', '${TEAM_FORMAT}'), ('schema', '${SCHEMA_VERSION}'),
    ('prefix', '${prefix}'), ('created', now()::text), ('name', ${literal(archiveName)});
  CREATE TABLE ${s}.members (
    name text PRIMARY KEY,
    pg_user text UNIQUE NOT NULL,
    role text NOT NULL CHECK (role IN ('owner', 'editor', 'annotator', 'viewer')),
    added timestamptz NOT NULL DEFAULT now(),
    removed timestamptz
  );
  CREATE SEQUENCE ${s}.feed;
  -- Every value a change overwrote, and every value that arrived too late to win: "changed by".
  CREATE TABLE ${s}.history (
    id bigserial PRIMARY KEY,
    kind text NOT NULL,
    record_id text NOT NULL,
    field text NOT NULL,
    old_value jsonb,
    new_value jsonb,
    old_clock text,
    new_clock text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('overwritten', 'lost')),
    member text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX ON ${s}.history (kind, record_id);
  -- Coding done independently ("blind coding"): an owner marks a source; until a member hands in
  -- their coding of it, nobody else sees their annotations (and links) on it, and they see only
  -- their own. See may_see() and refeed().
  CREATE TABLE ${s}.blind_sources (
    source_id text PRIMARY KEY,
    marked_by text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE ${s}.handins (
    source_id text NOT NULL REFERENCES ${s}.blind_sources (source_id) ON DELETE CASCADE,
    member text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source_id, member)
  );

  CREATE FUNCTION ${s}.member() RETURNS text LANGUAGE sql STABLE AS
    $$ SELECT name FROM ${s}.members WHERE pg_user = current_user AND removed IS NULL $$;
  CREATE FUNCTION ${s}.can_edit() RETURNS boolean LANGUAGE sql STABLE AS
    $$ SELECT pg_has_role(current_user, '${roles.editor}', 'MEMBER') $$;
  CREATE FUNCTION ${s}.is_owner() RETURNS boolean LANGUAGE sql STABLE AS
    $$ SELECT pg_has_role(current_user, '${roles.owner}', 'MEMBER') $$;
  CREATE FUNCTION ${s}.member_of(who name) RETURNS text LANGUAGE sql STABLE AS
    $$ SELECT name FROM ${s}.members WHERE pg_user = who AND removed IS NULL $$;
  -- Whether the current member may see an annotation by "author" on "source": always their own,
  -- and any on a source not coded independently. On one that is, another's only once that member
  -- handed in and the reader handed in too; an owner (who reviews, and may not code at all) needs
  -- only the other's hand-in. An owner's own annotations there are hidden like anyone's.
  CREATE FUNCTION ${s}.may_see(author text, source text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT author = ${s}.member()
      OR NOT EXISTS (SELECT 1 FROM ${s}.blind_sources b WHERE b.source_id = source)
      OR (EXISTS (SELECT 1 FROM ${s}.handins h WHERE h.source_id = source AND h.member = author)
          AND (${s}.is_owner() OR EXISTS (
            SELECT 1 FROM ${s}.handins h WHERE h.source_id = source AND h.member = ${s}.member()))) $$;

  -- Per-field last writer wins by hybrid logical clock. A change carries a clock for each field it
  -- sets; a field takes the incoming value only when that clock is later than the one it has. What
  -- a change overwrites, and what arrives too late, goes into history. A later edit brings a
  -- deleted record back; a later deletion wins over an earlier edit. Every accepted change gets the
  -- next number of the feed; changes commit in feed order (the lock), so a pull never skips one.
  CREATE FUNCTION ${s}.merge() RETURNS trigger LANGUAGE plpgsql SET search_path = ${s}, pg_temp AS $$
  DECLARE
    key_column text := TG_ARGV[0];
    incoming jsonb := to_jsonb(NEW);
    merged jsonb;
    clocks jsonb;
    f text;
    c text;
    held text;
    rid text;
    latest_edit text := '';
    me text := ${s}.member();
    changed boolean := false;
    system boolean := current_user = (SELECT tableowner FROM pg_tables
      WHERE schemaname = TG_TABLE_SCHEMA AND tablename = TG_TABLE_NAME);
  BEGIN
    IF me IS NULL AND NOT system THEN
      RAISE EXCEPTION 'you are not a member of this team archive' USING ERRCODE = '42501';
    END IF;
    IF me IS NULL THEN me := coalesce(nullif(current_setting('parallax.cause', true), ''), 'Parallax'); END IF;
    PERFORM pg_advisory_xact_lock(${FEED_LOCK});
    -- refeed(): the record itself is unchanged; it only goes into the feed again.
    IF TG_OP = 'UPDATE' AND system AND current_setting('parallax.refeed', true) = 'on' THEN
      NEW := OLD;
      NEW.seq := nextval('${s}.feed');
      RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
      NEW.seq := nextval('${s}.feed');
      NEW.changed_by := me;
      RETURN NEW;
    END IF;
    merged := to_jsonb(OLD);
    rid := merged ->> key_column;
    clocks := OLD.clocks;
    FOR f, c IN SELECT key, value #>> '{}' FROM jsonb_each(NEW.clocks) LOOP
      CONTINUE WHEN f = key_column OR NOT merged ? f;
      held := clocks ->> f;
      IF held IS NULL OR c > held THEN
        IF merged -> f IS DISTINCT FROM incoming -> f THEN
          INSERT INTO ${s}.history (kind, record_id, field, old_value, new_value, old_clock, new_clock, outcome, member)
          VALUES (TG_TABLE_NAME, rid, f, merged -> f, incoming -> f, held, c, 'overwritten', me);
          merged := jsonb_set(merged, ARRAY[f], incoming -> f);
        END IF;
        clocks := jsonb_set(clocks, ARRAY[f], to_jsonb(c));
        changed := true;
        IF f <> 'deleted' AND c > latest_edit THEN latest_edit := c; END IF;
      ELSIF c < held AND merged -> f IS DISTINCT FROM incoming -> f THEN
        INSERT INTO ${s}.history (kind, record_id, field, old_value, new_value, old_clock, new_clock, outcome, member)
        VALUES (TG_TABLE_NAME, rid, f, incoming -> f, merged -> f, c, held, 'lost', me);
      END IF;
    END LOOP;
    IF (merged ->> 'deleted')::boolean AND latest_edit > coalesce(clocks ->> 'deleted', '') THEN
      merged := jsonb_set(merged, '{deleted}', 'false');
      clocks := jsonb_set(clocks, '{deleted}', to_jsonb(latest_edit));
    END IF;
    IF NOT changed THEN RETURN NULL; END IF;
    merged := jsonb_set(merged, '{clocks}', clocks);
    IF merged ? 'created_by' THEN merged := jsonb_set(merged, '{created_by}', to_jsonb(OLD.created_by)); END IF;
    NEW := jsonb_populate_record(NEW, merged);
    NEW.seq := nextval('${s}.feed');
    NEW.changed_by := me;
    RETURN NEW;
  END $$;

  CREATE FUNCTION ${s}.announce() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('${CHANNEL}', '');
    RETURN NULL;
  END $$;

  -- What a deletion takes along, and gives back when the record is restored: a source's
  -- revisions and annotations, an annotation's links, a tag's place on annotations. Run as the
  -- tables' owner: a member who may delete a source may not otherwise touch others' annotations.
  CREATE FUNCTION ${s}.cascade() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = ${s}, pg_temp AS $$
  DECLARE
    gone text := NEW.clocks ->> 'deleted';
    was text := OLD.clocks ->> 'deleted';
    mark jsonb := jsonb_build_object('deleted', NEW.clocks ->> 'deleted');
  BEGIN
    PERFORM set_config('parallax.cause', coalesce(${s}.member_of(session_user), ''), true);
    IF NEW.deleted AND NOT OLD.deleted THEN
      IF TG_TABLE_NAME = 'sources' THEN
        UPDATE annotations SET deleted = true, clocks = clocks || mark WHERE source_id = NEW.id AND NOT deleted;
        UPDATE revisions SET deleted = true, clocks = clocks || mark WHERE source_id = NEW.id AND NOT deleted;
      ELSIF TG_TABLE_NAME = 'annotations' THEN
        UPDATE links SET deleted = true, clocks = clocks || mark
          WHERE (from_id = NEW.id OR to_id = NEW.id) AND NOT deleted;
      ELSIF TG_TABLE_NAME = 'tags' THEN
        UPDATE annotations SET tags = tags - NEW.id, clocks = clocks || jsonb_build_object('tags', gone)
          WHERE tags ? NEW.id;
      END IF;
    ELSIF OLD.deleted AND NOT NEW.deleted THEN
      mark := jsonb_build_object('deleted', NEW.clocks ->> 'deleted');
      IF TG_TABLE_NAME = 'sources' THEN
        UPDATE annotations SET deleted = false, clocks = clocks || mark
          WHERE source_id = NEW.id AND deleted AND clocks ->> 'deleted' = was;
        UPDATE revisions SET deleted = false, clocks = clocks || mark
          WHERE source_id = NEW.id AND deleted AND clocks ->> 'deleted' = was;
      ELSIF TG_TABLE_NAME = 'annotations' THEN
        UPDATE links SET deleted = false, clocks = clocks || mark
          WHERE (from_id = NEW.id OR to_id = NEW.id) AND deleted AND clocks ->> 'deleted' = was;
      END IF;
    END IF;
    RETURN NULL;
  END $$;

  -- Who may see what on a source changed (a hand-in, a source marked or no longer marked): its
  -- annotations by members who handed in (all of them, when the source is no longer marked) and
  -- the links at their ends go into the change feed again, so every copy's next pull brings what
  -- its member may now see. Pulls read the feed through the same policies, so a copy that may
  -- still not see them receives nothing. Runs as the tables' owner.
  CREATE FUNCTION ${s}.refeed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = ${s}, pg_temp AS $$
  DECLARE
    source text := CASE WHEN TG_OP = 'DELETE' THEN OLD.source_id ELSE NEW.source_id END;
    everyone boolean := TG_TABLE_NAME = 'blind_sources';
  BEGIN
    PERFORM set_config('parallax.cause', coalesce(member_of(session_user), ''), true);
    PERFORM set_config('parallax.refeed', 'on', true);
    UPDATE annotations a SET seq = 0 WHERE a.source_id = source AND (everyone OR EXISTS (
      SELECT 1 FROM handins h WHERE h.source_id = source AND h.member = a.created_by));
    UPDATE links l SET seq = 0 WHERE EXISTS (
      SELECT 1 FROM annotations a WHERE a.id IN (l.from_id, l.to_id) AND a.source_id = source
        AND (everyone OR EXISTS (
          SELECT 1 FROM handins h WHERE h.source_id = source AND h.member = a.created_by)));
    PERFORM set_config('parallax.refeed', '', true);
    PERFORM pg_notify('${CHANNEL}', '');
    RETURN NULL;
  END $$;

  -- A source is marked before anyone annotates it: what members already have cannot be taken back.
  CREATE FUNCTION ${s}.check_blind() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = ${s}, pg_temp AS $$
  BEGIN
    -- Taken by every change of a record too: an annotation sent meanwhile is either seen here or
    -- committed after the mark (and then hidden).
    PERFORM pg_advisory_xact_lock(${FEED_LOCK});
    IF NOT EXISTS (SELECT 1 FROM sources WHERE id = NEW.source_id AND NOT deleted) THEN
      RAISE EXCEPTION 'There is no source %.', NEW.source_id USING ERRCODE = '23503';
    END IF;
    IF EXISTS (SELECT 1 FROM annotations WHERE source_id = NEW.source_id AND NOT deleted) THEN
      RAISE EXCEPTION 'The source "%" already has annotations: mark a source for independent coding before anyone codes it.',
        (SELECT title FROM sources WHERE id = NEW.source_id) USING ERRCODE = '23514';
    END IF;
    NEW.marked_by := coalesce(member_of(session_user), NEW.marked_by);
    NEW.at := now();
    RETURN NEW;
  END $$;

  ${all.map(recordTable).join('\n')}
  ${['sources', 'annotations', 'tags']
    .map(
      (t) => `CREATE TRIGGER cascade AFTER UPDATE OF deleted ON ${s}.${q(t)}
    FOR EACH ROW WHEN (OLD.deleted IS DISTINCT FROM NEW.deleted) EXECUTE FUNCTION ${s}.cascade();`
    )
    .join('\n')}
  CREATE TRIGGER check_marked BEFORE INSERT ON ${s}.blind_sources
    FOR EACH ROW EXECUTE FUNCTION ${s}.check_blind();
  CREATE TRIGGER refeed AFTER DELETE ON ${s}.blind_sources
    FOR EACH ROW EXECUTE FUNCTION ${s}.refeed();
  CREATE TRIGGER refeed AFTER INSERT ON ${s}.handins
    FOR EACH ROW EXECUTE FUNCTION ${s}.refeed();
  CREATE TRIGGER announce AFTER INSERT OR DELETE ON ${s}.blind_sources
    FOR EACH STATEMENT EXECUTE FUNCTION ${s}.announce();
  CREATE UNIQUE INDEX tags_name ON ${s}.tags (name_key) WHERE NOT deleted;
  CREATE UNIQUE INDEX tags_key ON ${s}.tags (key) WHERE NOT deleted AND key IS NOT NULL;
  CREATE INDEX ON ${s}.annotations (source_id);
  CREATE INDEX ON ${s}.annotations (created_by);

  DO $$ BEGIN
    ${Object.values(roles)
      .map(
        (r) =>
          `IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${r}') THEN CREATE ROLE ${q(r)} NOLOGIN; END IF;`
      )
      .join('\n    ')}
  END $$;
  GRANT ${q(roles.viewer)} TO ${q(roles.annotator)};
  GRANT ${q(roles.annotator)} TO ${q(roles.editor)};
  GRANT ${q(roles.editor)} TO ${q(roles.owner)};
  GRANT USAGE ON SCHEMA ${s} TO ${q(roles.viewer)};
  GRANT SELECT ON ${s}.info, ${s}.members, ${s}.history, ${s}.blind_sources, ${s}.handins TO ${q(roles.viewer)};
  GRANT INSERT ON ${s}.history TO ${q(roles.annotator)};
  GRANT USAGE ON SEQUENCE ${s}.feed, ${s}.history_id_seq TO ${q(roles.annotator)};
  -- Any member hands in their own coding (a viewer too: it opens the comparison to them).
  GRANT INSERT ON ${s}.handins TO ${q(roles.viewer)};
  GRANT INSERT, DELETE ON ${s}.blind_sources TO ${q(roles.owner)};
  ALTER TABLE ${s}.handins ENABLE ROW LEVEL SECURITY;
  CREATE POLICY read ON ${s}.handins FOR SELECT USING (true);
  CREATE POLICY hand_in ON ${s}.handins FOR INSERT WITH CHECK (member = ${s}.member());
  -- What a hidden annotation or link was, and what it became, is hidden with it.
  ALTER TABLE ${s}.history ENABLE ROW LEVEL SECURITY;
  CREATE POLICY read ON ${s}.history FOR SELECT USING (CASE kind
    WHEN 'annotations' THEN EXISTS (SELECT 1 FROM ${s}.annotations a WHERE a.id = record_id)
    WHEN 'links' THEN EXISTS (SELECT 1 FROM ${s}.links l WHERE l.id = record_id)
    ELSE true END);
  CREATE POLICY add ON ${s}.history FOR INSERT WITH CHECK (true);
  ${all.map((shape) => policies(shape, roles)).join('\n')}
  `
}

/** A SQL string literal. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

export { SERVER_COLUMNS }
