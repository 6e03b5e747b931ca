// Puts parsed W3C Web Annotations into the archive: resolves sources, converts offsets, re-finds quotes, creates tags.

import { findQuote } from '../../shared/anchoring/anchor'
import type { AnnotationImportReport, TextPosition } from '../../shared/model'
import { STARTER_PALETTE } from '../../shared/palette'
import { CodePointOffsets } from '../../shared/text/code-points'
import { PARALLAX_IRI } from '../export/w3c'
import { checkSpan, insertAnnotation } from './annotations'
import type { Db } from './db'
import { insertLink, relationNamed } from './links'
import { getText } from './sources'
import { createTag, nameKey } from './tags'
import type { ParsedItem, ParsedTarget, ParseResult } from './w3c-import'

/** Colours given to tags an import creates, cycling through a colour-blind-safe palette. */
const NEW_TAG_COLORS = STARTER_PALETTE.map((c) => c.hex)

class Skip extends Error {}

interface Resolved {
  sourceId: string
  span: TextPosition
}

/** Every write of an import; runs inside one transaction, so a failure leaves nothing behind. */
export function applyW3C(db: Db, parsed: ParseResult): AnnotationImportReport {
  const report: AnnotationImportReport = {
    imported: 0,
    links: 0,
    duplicates: 0,
    rejected: [...parsed.rejected]
  }
  const texts = new Map<string, string>()
  const offsets = new Map<string, CodePointOffsets>()
  const tagIds = new Map<string, string>(
    (db.prepare('SELECT id, name_key FROM tags').all() as { id: string; name_key: string }[]).map(
      (t) => [t.name_key, t.id]
    )
  )
  let newTags = 0

  /**
   * The source a target names: by this archive's id, then by web address, then by the hash of
   * any revision's text (the same file imported here too), trying every name the target gives.
   */
  const sourceFor = (target: ParsedTarget): string => {
    const names = [target.sourceIri, ...target.alternates]
    const byId = (iri: string): string | undefined =>
      iri.startsWith(PARALLAX_IRI.source)
        ? (db
            .prepare('SELECT id FROM sources WHERE id = ?')
            .pluck()
            .get(decodeURIComponent(iri.slice(PARALLAX_IRI.source.length))) as string | undefined)
        : undefined
    // Annotations made on the web (e.g. with Hypothesis) target the page's URL.
    const byUrl = (iri: string): string | undefined => {
      if (!/^https?:\/\//i.test(iri)) return undefined
      const bare = iri.replace(/[#?].*$/, '').replace(/\/$/, '')
      return db
        .prepare("SELECT id FROM sources WHERE rtrim(url, '/') = ? OR url = ? LIMIT 1")
        .pluck()
        .get(bare, iri) as string | undefined
    }
    const byText = (iri: string): string | undefined => {
      const hash = /^urn:sha256:([0-9a-f]{64})$/i.exec(iri)?.[1]?.toLowerCase()
      if (!hash) return undefined
      return db
        .prepare(
          `SELECT r.source_id FROM revisions r JOIN sources s ON s.id = r.source_id
           WHERE r.content_hash = ? ORDER BY r.n = s.revision DESC LIMIT 1`
        )
        .pluck()
        .get(hash) as string | undefined
    }
    let id: string | undefined
    for (const find of [byId, byUrl, byText]) {
      for (const iri of names) id ??= find(iri)
    }
    if (!id) throw new Skip(`targets a source that is not in this archive (${target.sourceIri})`)
    if (!texts.has(id)) texts.set(id, getText(db, id))
    return id
  }

  /** Position first (converted from code points), checked against the quote; else the quote alone. */
  const place = (target: ParsedTarget): Resolved => {
    const sourceId = sourceFor(target)
    const text = texts.get(sourceId) as string
    let hint = 0
    if (target.start !== undefined && target.end !== undefined) {
      let conv = offsets.get(sourceId)
      if (!conv) offsets.set(sourceId, (conv = new CodePointOffsets(text)))
      try {
        const span = { start: conv.toUtf16(target.start), end: conv.toUtf16(target.end) }
        hint = span.start
        if (!target.exact || text.slice(span.start, span.end) === target.exact)
          return { sourceId, span: checkSpan(text, span.start, span.end) }
      } catch {
        // Positions outside this text: fall back to the quote.
      }
    }
    if (!target.exact)
      throw new Skip('its position does not fit the text and it has no quote to find instead')
    const found = findQuote(
      text,
      { exact: target.exact, prefix: target.prefix, suffix: target.suffix },
      hint
    )
    if (!found) throw new Skip(`its quote “${target.exact.slice(0, 60)}” is not in the source`)
    return { sourceId, span: checkSpan(text, found.start, found.end) }
  }

  const tagId = (name: string): string => {
    const key = nameKey(name)
    let id = tagIds.get(key)
    if (!id) {
      id = createTag(db, {
        name,
        color: NEW_TAG_COLORS[newTags++ % NEW_TAG_COLORS.length]
      })
      tagIds.set(key, id)
    }
    return id
  }

  const exists = (table: 'annotations' | 'links', id: string | undefined): boolean =>
    id !== undefined && db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined

  /** An annotation on exactly this span, or a new plain one, for a link end. */
  const endAt = (r: Resolved): string => {
    const row = db
      .prepare('SELECT id FROM annotations WHERE source_id = ? AND start = ? AND end = ? LIMIT 1')
      .get(r.sourceId, r.span.start, r.span.end) as { id: string } | undefined
    return row?.id ?? insertAnnotation(db, { ...r, tagIds: [], note: '' })
  }

  const apply = (item: ParsedItem): void => {
    if (item.kind === 'annotation') {
      if (exists('annotations', item.id)) {
        report.duplicates++
        return
      }
      const r = place(item.target)
      insertAnnotation(db, {
        ...r,
        id: validId(item.id),
        tagIds: item.tags.map(tagId),
        note: item.note,
        created: item.created,
        modified: item.modified,
        createdBy: item.creator
      })
      report.imported++
      return
    }
    if (exists('links', item.id)) {
      report.duplicates++
      return
    }
    const from = place(item.from)
    const to = place(item.to)
    const relation = relationNamed(db, item.relation)
    const [a, b] = [endAt(from), endAt(to)]
    if (a === b) throw new Skip('both ends of the link are the same passage')
    insertLink(db, {
      id: validId(item.id),
      from: a,
      to: b,
      relation,
      note: item.note,
      created: item.created,
      modified: item.modified,
      createdBy: item.creator
    })
    report.links++
  }

  // Annotations before links, so link ends find the annotations of the same file.
  const ordered = [...parsed.items.entries()].sort(
    ([, x], [, y]) => Number(x.kind === 'link') - Number(y.kind === 'link')
  )
  for (const [index, item] of ordered) {
    try {
      apply(item)
    } catch (error) {
      if (!(error instanceof Skip)) throw error
      report.rejected.push({ index, id: item.id ?? item.iri, reason: error.message })
    }
  }
  report.rejected.sort((x, y) => x.index - y.index)
  return report
}

function validId(id: string | undefined): string | undefined {
  return id && /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : undefined
}
