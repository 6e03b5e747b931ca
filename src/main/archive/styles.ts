// The citation styles an archive can print: the built-in ones and those a user added from .csl files.

import { notFound } from '../../shared/errors'
import type { CitationClass, CitationStyle } from '../../shared/model'
import {
  builtinStyleId,
  builtinStyles,
  checkStyle,
  isBuiltinStyle
} from '../export/citation-styles'
import type { Db } from './db'
import { newId, nowIso } from './ids'

interface StyleRow {
  id: string
  title: string
  class: string
  created: string
}

function toStyle(r: StyleRow): CitationStyle {
  return {
    id: r.id,
    title: r.title,
    label: r.title,
    class: r.class as CitationClass,
    builtin: false
  }
}

/** Built-in styles first (menu order), then the added ones by title. */
export function listCitationStyles(db: Db, cslDir: string): CitationStyle[] {
  const added = db
    .prepare('SELECT id, title, class, created FROM citation_styles ORDER BY title COLLATE NOCASE')
    .all() as StyleRow[]
  return [...builtinStyles(cslDir), ...added.map(toStyle)]
}

/** Checks a .csl file (see checkStyle); call before the write transaction. */
export async function checkNewStyle(
  xml: string,
  name: string
): Promise<{ title: string; class: CitationClass; xml: string }> {
  const info = await checkStyle(xml, name)
  return { ...info, xml }
}

/**
 * Stores a checked style. A style with the same title is replaced (a corrected file keeps its
 * id, so handouts that use it follow); returns its id.
 */
export function insertCitationStyle(
  db: Db,
  style: { title: string; class: CitationClass; xml: string }
): string {
  const same = db.prepare('SELECT id FROM citation_styles WHERE title = ?').get(style.title) as
    { id: string } | undefined
  const id = same?.id ?? newId()
  db.prepare(
    `INSERT INTO citation_styles (id, title, class, created, xml) VALUES (@id, @title, @class, @created, @xml)
     ON CONFLICT (id) DO UPDATE SET class = excluded.class, xml = excluded.xml`
  ).run({ id, title: style.title, class: style.class, created: nowIso(), xml: style.xml })
  return id
}

export function getCitationStyle(db: Db, id: string): CitationStyle {
  const row = db
    .prepare('SELECT id, title, class, created FROM citation_styles WHERE id = ?')
    .get(id) as StyleRow | undefined
  if (!row) throw notFound('citation style', id)
  return toStyle(row)
}

/**
 * What the renderer needs for a style id: a built-in id alone, or an added style with its XML.
 * An unknown id is passed on as is; the renderer falls back to Chicago and says so.
 */
export function styleForRender(db: Db, id: string): { id: string; title?: string; xml?: string } {
  if (isBuiltinStyle(id)) return { id }
  const row = db.prepare('SELECT id, title, xml FROM citation_styles WHERE id = ?').get(id) as
    { id: string; title: string; xml: string } | undefined
  return row ?? { id }
}

/**
 * The style a user named (CLI --style): a built-in id or alias, an added style's id, or its title
 * (case-insensitively). Null when none matches.
 */
export function findCitationStyle(db: Db, name: string): string | null {
  const builtin = builtinStyleId(name)
  if (builtin) return builtin
  const row = db
    .prepare('SELECT id FROM citation_styles WHERE id = ? OR lower(title) = lower(?) LIMIT 1')
    .get(name.trim(), name.trim()) as { id: string } | undefined
  return row?.id ?? null
}
