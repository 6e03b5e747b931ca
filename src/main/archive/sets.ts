// Handout sets: what a handout holds (sources, which annotations, questions) and how it is laid out.

import { checkAuthorName } from './authors'
import { invalid, notFound } from '../../shared/errors'
import {
  BUILTIN_CITATION_STYLES,
  DEFAULT_CITATION_STYLE,
  HANDOUT_LAYOUTS,
  type HandoutLayout,
  type HandoutSelection,
  type HandoutSet,
  type HandoutSetInput
} from '../../shared/model'
import { isBuiltinStyle } from '../export/citation-styles'
import type { Db } from './db'
import { newId, nowIso } from './ids'
import { expectId, expectString, isRecord, optionalRecord } from './validate'
import { LIMITS } from '../../shared/limits'

interface SetRow {
  id: string
  created: string
  modified: string
  layout: string
  page_size: string
  notes: string
  group_by: string
  title: string
  subtitle: string
  author: string
  source_ids: string
  selection: string
  questions: string
  introduction: string
  created_by: string
  modified_by: string
  style: string
}

function toSet(r: SetRow): HandoutSet {
  return {
    id: r.id,
    title: r.title,
    subtitle: r.subtitle,
    author: r.author,
    introduction: r.introduction,
    layout: r.layout as HandoutLayout,
    pageSize: r.page_size as HandoutSet['pageSize'],
    notes: r.notes as HandoutSet['notes'],
    groupBy: r.group_by as HandoutSet['groupBy'],
    sourceIds: JSON.parse(r.source_ids) as string[],
    selection: JSON.parse(r.selection) as HandoutSelection,
    questions: JSON.parse(r.questions) as Record<string, string>,
    style: r.style,
    created: r.created,
    modified: r.modified,
    createdBy: r.created_by,
    modifiedBy: r.modified_by
  }
}

export const DEFAULT_SET: Omit<
  HandoutSet,
  'id' | 'created' | 'modified' | 'title' | 'createdBy' | 'modifiedBy'
> = {
  subtitle: '',
  author: '',
  introduction: '',
  layout: 'excerpts',
  pageSize: 'A4',
  notes: 'footnotes',
  groupBy: 'source',
  sourceIds: [],
  selection: { mode: 'all', tagIds: [], annotationIds: [] },
  questions: {},
  style: DEFAULT_CITATION_STYLE
}

/** Newest change first; of sets changed in the same millisecond, the one made later first. */
export function listHandoutSets(db: Db): HandoutSet[] {
  return (
    db.prepare('SELECT * FROM handout_sets ORDER BY modified DESC, rowid DESC').all() as SetRow[]
  ).map(toSet)
}

export function getHandoutSet(db: Db, id: string): HandoutSet {
  const row = db.prepare('SELECT * FROM handout_sets WHERE id = ?').get(id) as SetRow | undefined
  if (!row) throw notFound('handout set', id)
  return toSet(row)
}

function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw invalid(`${name} must be one of ${allowed.join(', ')}.`)
  return value as T
}

function ids(value: unknown, name: string, max: number): string[] {
  if (!Array.isArray(value)) throw invalid(`${name} must be a list of ids.`)
  if (value.length > max) throw invalid(`${name} can hold at most ${max} ids.`)
  return [...new Set(value.map((v) => expectId(v, name)))]
}

/** Validates a set or a patch of one (`partial`); unknown fields are refused. */
export function checkSetInput(raw: unknown, partial: boolean): Partial<HandoutSetInput> {
  const input = optionalRecord(raw, 'handout set')
  const known = [
    'title',
    'subtitle',
    'author',
    'introduction',
    'layout',
    'pageSize',
    'notes',
    'groupBy',
    'sourceIds',
    'selection',
    'questions',
    'style'
  ]
  for (const key of Object.keys(input))
    if (!known.includes(key)) throw invalid(`Unknown handout field "${key}".`)
  const out: Partial<HandoutSetInput> = {}
  if (input.title !== undefined || !partial) {
    const title = expectString(input.title, 'title', { max: LIMITS.handoutTitle })
      .normalize('NFC')
      .trim()
    if (!title) throw invalid('A handout needs a title.')
    out.title = title
  }
  for (const key of ['subtitle', 'author'] as const) {
    if (input[key] !== undefined)
      out[key] = expectString(input[key], key, { max: LIMITS.handoutTitle }).normalize('NFC').trim()
  }
  if (input.introduction !== undefined)
    out.introduction = expectString(input.introduction, 'introduction', {
      max: LIMITS.handoutIntroduction
    }).normalize('NFC')
  if (input.layout !== undefined) out.layout = oneOf(input.layout, 'layout', HANDOUT_LAYOUTS)
  if (input.pageSize !== undefined)
    out.pageSize = oneOf(input.pageSize, 'pageSize', ['A4', 'Letter'] as const)
  if (input.notes !== undefined)
    out.notes = oneOf(input.notes, 'notes', ['footnotes', 'endnotes'] as const)
  if (input.groupBy !== undefined)
    out.groupBy = oneOf(input.groupBy, 'groupBy', ['source', 'tag'] as const)
  if (input.sourceIds !== undefined) out.sourceIds = ids(input.sourceIds, 'sourceIds', 100)
  if (input.selection !== undefined) {
    if (!isRecord(input.selection))
      throw invalid('selection must be { mode, tagIds, annotationIds }.')
    const sel = input.selection
    out.selection = {
      mode: oneOf(sel.mode, 'selection.mode', ['all', 'tags', 'links', 'picked'] as const),
      tagIds: sel.tagIds === undefined ? [] : ids(sel.tagIds, 'selection.tagIds', 500),
      annotationIds:
        sel.annotationIds === undefined
          ? []
          : ids(sel.annotationIds, 'selection.annotationIds', 100_000)
    }
    if (sel.authors !== undefined && sel.authors !== null) {
      if (!Array.isArray(sel.authors) || sel.authors.length > 500)
        throw invalid('selection.authors must be a list of at most 500 member names.')
      const authors = [...new Set(sel.authors.map((a) => checkAuthorName(a)))]
      if (authors.length) out.selection.authors = authors
    }
    for (const flag of ['agreedOnly', 'printAuthors', 'agreementTable'] as const) {
      if (sel[flag] === undefined || sel[flag] === null) continue
      if (typeof sel[flag] !== 'boolean') throw invalid(`selection.${flag} must be true or false.`)
      if (sel[flag]) out.selection[flag] = true
    }
  }
  if (input.style !== undefined) out.style = expectStyleId(input.style)
  if (input.questions !== undefined) {
    if (!isRecord(input.questions)) throw invalid('questions must map annotation ids to text.')
    const entries = Object.entries(input.questions)
    if (entries.length > 100_000) throw invalid('A handout holds at most 100,000 questions.')
    out.questions = Object.fromEntries(
      entries
        .map(
          ([id, q]) =>
            [
              expectId(id, 'question id'),
              expectString(q, 'question', { max: LIMITS.handoutQuestion }).trim()
            ] as const
        )
        .filter(([, q]) => q !== '')
    )
  }
  return out
}

/** A set's stored columns (besides id and timestamps), as named parameters. */
function columns(
  set: Omit<HandoutSet, 'id' | 'created' | 'modified' | 'createdBy' | 'modifiedBy'>
): Record<string, string> {
  return {
    layout: set.layout,
    page_size: set.pageSize,
    notes: set.notes,
    group_by: set.groupBy,
    title: set.title,
    subtitle: set.subtitle,
    author: set.author,
    source_ids: JSON.stringify(set.sourceIds),
    selection: JSON.stringify(set.selection),
    questions: JSON.stringify(set.questions),
    introduction: set.introduction,
    style: set.style
  }
}

const NAMES = Object.keys(columns({ ...DEFAULT_SET, title: '' }))

/** A style id: a built-in one or one of this archive's added styles (checked when saved). */
function expectStyleId(value: unknown): string {
  if (typeof value !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/i.test(value)) {
    throw invalid(
      `style must be a citation style id such as "${DEFAULT_CITATION_STYLE}" (see the list of styles).`
    )
  }
  return value
}

// A set may only name a style this archive can print.
function checkStyleExists(db: Db, style: string | undefined): void {
  if (style === undefined || isBuiltinStyle(style)) return
  if (!db.prepare('SELECT 1 FROM citation_styles WHERE id = ?').get(style)) {
    throw invalid(
      `There is no citation style "${style}" in this archive; choose a built-in one (${BUILTIN_CITATION_STYLES.join(', ')}) or add the .csl file first.`
    )
  }
}

export function insertHandoutSet(db: Db, input: HandoutSetInput): string {
  checkStyleExists(db, input.style)
  const id = newId()
  const now = nowIso()
  db.prepare(
    `INSERT INTO handout_sets (id, created, modified, ${NAMES.join(', ')})
     VALUES (@id, @now, @now, ${NAMES.map((n) => `@${n}`).join(', ')})`
  ).run({ id, now, ...columns({ ...DEFAULT_SET, ...input }) })
  return id
}

export function updateHandoutSet(db: Db, id: string, patch: Partial<HandoutSetInput>): void {
  checkStyleExists(db, patch.style)
  const next = { ...getHandoutSet(db, id), ...patch }
  db.prepare(
    `UPDATE handout_sets SET modified = @now, ${NAMES.map((n) => `${n} = @${n}`).join(', ')} WHERE id = @id`
  ).run({ id, now: nowIso(), ...columns(next) })
}

export function deleteHandoutSet(db: Db, id: string): void {
  if (db.prepare('DELETE FROM handout_sets WHERE id = ?').run(id).changes === 0)
    throw notFound('handout set', id)
}
