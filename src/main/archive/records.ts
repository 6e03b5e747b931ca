// One validator per record type, on records as stored: what a bundle, a W3C file or a team server brings passes
// the same checks as the API's create and update methods, through the very functions those methods call.

import { ArchiveError, invalid } from '../../shared/errors'
import type { HandoutSetInput } from '../../shared/model'
import { checkAuthorName } from './authors'
import { checkRelationLabel } from './links'
import { checkRevisionNote } from './revisions'
import { checkSetInput } from './sets'
import { MAX_TEXT_LENGTH, checkOrigin } from './sources'
import { checkTagInput, nameKey } from './tags'
import { isTextHash } from './text-hash'
import {
  checkMetaPatch,
  checkNote,
  expectId,
  expectInteger,
  expectString,
  expectTimestamp
} from './validate'
import { checkVariantSet } from './variants'

/** A record as stored: column name to SQLite value (JSON columns as JSON text). */
export type Row = Record<string, string | number | null>

/** The record types that travel between archives (bundles, team sync), in the order parents come first. */
export const RECORD_TABLES = [
  'relations',
  'tags',
  'sources',
  'revisions',
  'annotations',
  'annotation_tags',
  'links',
  'variant_sets',
  'handout_sets'
] as const
export type RecordTable = (typeof RECORD_TABLES)[number]

/** Relation ids are slugs of any letters (built-in ones are English words). */
const SLUG = /^[\p{L}\p{N}_-]{1,64}$/u

function json(value: unknown, name: string): unknown {
  try {
    return JSON.parse(expectString(value, name, { max: 50_000_000 }))
  } catch (error) {
    if (error instanceof ArchiveError) throw error
    throw invalid(`${name} is not valid JSON.`)
  }
}

function member(value: unknown, name: string): string {
  // Records made before authors were recorded name nobody.
  return value === '' ? '' : checkAuthorName(expectString(value, name))
}

function slug(value: unknown, name: string): string {
  if (typeof value !== 'string' || !SLUG.test(value)) throw invalid(`${name} must be a short id.`)
  return value
}

/** When and by whom a record was made, and (where the table keeps them) changed last. */
function stamps(r: Row, keeps: { modified?: boolean; modifiedBy?: boolean }): Row {
  return {
    created: expectTimestamp(r.created, 'created'),
    created_by: member(r.created_by, 'created_by'),
    ...(keeps.modified && { modified: expectTimestamp(r.modified, 'modified') }),
    ...(keeps.modifiedBy && { modified_by: member(r.modified_by, 'modified_by') })
  }
}

const CHANGED = { modified: true, modifiedBy: true }

const checks: Record<RecordTable, (r: Row) => Row> = {
  sources(r) {
    const meta = checkMetaPatch({
      title: r.title,
      creators: json(r.creators, 'creators'),
      publisher: r.publisher,
      date: r.date,
      language: r.language,
      kind: r.kind,
      url: r.url,
      license: r.license,
      accessed: r.accessed,
      description: r.description
    })
    if (!meta.title) throw invalid('A source needs a title.')
    const origin = r.origin === null ? null : checkOrigin(json(r.origin, 'origin'))
    if (!isTextHash(r.content_hash)) throw invalid('content_hash must be a SHA-256 in hex.')
    return {
      ...r,
      ...meta,
      id: expectId(r.id),
      revision: expectInteger(r.revision, 'revision', 1, 1_000_000),
      text_length: expectInteger(r.text_length, 'text_length', 1, MAX_TEXT_LENGTH),
      paragraph_count: expectInteger(r.paragraph_count, 'paragraph_count', 0, MAX_TEXT_LENGTH),
      creators: JSON.stringify(meta.creators),
      origin: origin === null ? null : JSON.stringify(origin),
      ...stamps(r, CHANGED)
    }
  },
  revisions(r) {
    if (!isTextHash(r.content_hash)) throw invalid('content_hash must be a SHA-256 in hex.')
    return {
      ...r,
      source_id: expectId(r.source_id, 'source_id'),
      n: expectInteger(r.n, 'n', 1, 1_000_000),
      uid: expectId(r.uid, 'uid'),
      parent: r.parent === '' ? '' : expectId(r.parent, 'parent'),
      text_length: expectInteger(r.text_length, 'text_length', 1, MAX_TEXT_LENGTH),
      note: checkRevisionNote(r.note),
      ...stamps(r, {})
    }
  },
  tags(r) {
    const tag = checkTagInput(
      { name: r.name, color: r.color, description: r.description, key: r.key, group: r.group_name },
      false
    )
    return {
      ...r,
      id: expectId(r.id),
      name: tag.name as string,
      name_key: nameKey(tag.name as string),
      color: tag.color as string,
      description: tag.description as string,
      key: tag.key ?? null,
      group_name: tag.group as string,
      position: expectInteger(r.position, 'position', 0, 1_000_000),
      ...stamps(r, { modifiedBy: true })
    }
  },
  annotations(r) {
    if (r.status !== 'anchored' && r.status !== 'orphan')
      throw invalid('status must be "anchored" or "orphan".')
    const start = expectInteger(r.start, 'start', 0, MAX_TEXT_LENGTH)
    const end = expectInteger(r.end, 'end', start, MAX_TEXT_LENGTH)
    if (r.status === 'anchored' && end === start) throw invalid('An annotation cannot be empty.')
    const exact = expectString(r.exact, 'exact', { max: MAX_TEXT_LENGTH })
    if (exact.trim() === '') throw invalid('An annotation needs the words it marks (exact).')
    return {
      ...r,
      id: expectId(r.id),
      source_id: expectId(r.source_id, 'source_id'),
      start,
      end,
      exact,
      prefix: expectString(r.prefix, 'prefix', { max: 200 }),
      suffix: expectString(r.suffix, 'suffix', { max: 200 }),
      note: checkNote(r.note),
      ...stamps(r, CHANGED)
    }
  },
  annotation_tags(r) {
    return {
      annotation_id: expectId(r.annotation_id, 'annotation_id'),
      tag_id: expectId(r.tag_id, 'tag_id')
    }
  },
  relations(r) {
    return {
      ...r,
      id: slug(r.id, 'id'),
      label: checkRelationLabel(r.label),
      builtin: expectInteger(r.builtin, 'builtin', 0, 1),
      position: expectInteger(r.position, 'position', 0, 1_000_000),
      created_by: member(r.created_by, 'created_by')
    }
  },
  links(r) {
    const from = expectId(r.from_id, 'from_id')
    const to = expectId(r.to_id, 'to_id')
    if (from === to) throw invalid('A link needs two different passages.')
    return {
      ...r,
      id: expectId(r.id),
      from_id: from,
      to_id: to,
      relation: slug(r.relation, 'relation'),
      note: checkNote(r.note),
      ...stamps(r, CHANGED)
    }
  },
  variant_sets(r) {
    const set = checkVariantSet({ terms: json(r.terms, 'terms') })
    return {
      ...r,
      id: slug(r.id, 'id'),
      terms: JSON.stringify(set.terms),
      position: expectInteger(r.position, 'position', 0, 1_000_000),
      created_by: member(r.created_by, 'created_by'),
      modified_by: member(r.modified_by, 'modified_by')
    }
  },
  handout_sets(r) {
    const set = checkSetInput(
      {
        title: r.title,
        subtitle: r.subtitle,
        author: r.author,
        introduction: r.introduction,
        layout: r.layout,
        pageSize: r.page_size,
        notes: r.notes,
        groupBy: r.group_by,
        sourceIds: json(r.source_ids, 'source_ids'),
        selection: json(r.selection, 'selection'),
        questions: json(r.questions, 'questions')
      },
      false
    ) as HandoutSetInput
    return {
      ...r,
      id: expectId(r.id),
      title: set.title,
      subtitle: set.subtitle as string,
      author: set.author as string,
      introduction: set.introduction as string,
      source_ids: JSON.stringify(set.sourceIds),
      selection: JSON.stringify(set.selection),
      questions: JSON.stringify(set.questions),
      ...stamps(r, CHANGED)
    }
  }
}

/** How a record names itself in a refusal: "source 7QX2K9PA", "a tagging of annotation …". */
function label(table: RecordTable, r: Row): string {
  const id = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 64) : '?')
  switch (table) {
    case 'revisions':
      return `revision ${id(r.n === undefined ? r.uid : r.n)} of source ${id(r.source_id)}`
    case 'annotation_tags':
      return `the tagging of annotation ${id(r.annotation_id)}`
    default:
      return `${table
        .replace(/_sets$/, ' set')
        .replace(/s$/, '')
        .replace('_', ' ')} ${id(r.id)}`
  }
}

/**
 * Checks one record and returns it normalised as the API would have stored it; a bad one throws
 * an INVALID_ARGUMENT ArchiveError naming the record and what is wrong with it.
 */
export function checkRecord(table: RecordTable, row: Row): Row {
  try {
    return checks[table](row)
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error
    throw invalid(`${label(table, row)}: ${error.message}`)
  }
}
