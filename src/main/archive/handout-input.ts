// Turns a handout set into the PDF renderer's input: its sources, the annotations it selects, tags with letters, links.

import { ArchiveError, invalid } from '../../shared/errors'
import type { Annotation, HandoutSet, Tag } from '../../shared/model'
import type { HandoutInput, HandoutTag } from '../export/pdf'
import { FIGURE_MEANINGS } from '../../shared/agreement'
import { formatFigure } from '../../shared/agreement-source'
import type { HandoutTable } from '../export/pdf/types'
import { agreedTagId, agreement } from './agreement'
import { listAnnotations } from './annotations'
import type { Db } from './db'
import { listLinks, listRelations } from './links'
import { referenceData } from './reference-data'
import { getSource, sourceExists } from './sources'
import { styleForRender } from './styles'
import { listTags } from './tags'

/** One short letter (or two) per tag, unique in the handout: C for Claim, L for Loaded language, Pl for Place after Person. */
export function tagLetters(tags: readonly Tag[]): Map<string, string> {
  const used = new Set<string>()
  const out = new Map<string, string>()
  for (const t of tags) {
    const letters = t.name.replace(/[^\p{L}\p{N}]/gu, '')
    const candidates = [
      letters.slice(0, 1).toUpperCase(),
      `${letters.slice(0, 1).toUpperCase()}${letters.slice(1, 2).toLowerCase()}`
    ]
    for (let n = 2; n < 10; n++) candidates.push(`${letters.slice(0, 1).toUpperCase()}${n}`)
    const letter = candidates.find((c) => c.trim() !== '' && !used.has(c)) ?? `T${out.size + 1}`
    used.add(letter)
    out.set(t.id, letter)
  }
  return out
}

function selected(
  set: HandoutSet,
  a: Annotation,
  linkEnds: ReadonlySet<string>,
  agreed: string | null
): boolean {
  const { authors, agreedOnly } = set.selection
  if (authors?.length && !authors.includes(a.createdBy)) return false
  if (agreedOnly && !(agreed && a.tagIds.includes(agreed))) return false
  switch (set.selection.mode) {
    case 'tags':
      return a.tagIds.some((id) => set.selection.tagIds.includes(id))
    case 'links':
      return linkEnds.has(a.id)
    case 'picked':
      return set.selection.annotationIds.includes(a.id)
    default:
      return true
  }
}

/** The renderer's input for a set; clear errors for a set with nothing to print or with deleted sources. */
export function buildHandoutInput(
  db: Db,
  set: HandoutSet,
  today = new Date()
): { input: HandoutInput; warnings: string[] } {
  if (set.sourceIds.length === 0)
    throw invalid('This handout has no sources yet: add at least one.')
  const missing = set.sourceIds.filter((id) => !sourceExists(db, id))
  if (missing.length > 0) {
    throw new ArchiveError(
      'NOT_FOUND',
      `This handout lists ${missing.length === 1 ? 'a source that is' : `${missing.length} sources that are`} no longer in the archive; remove ${missing.length === 1 ? 'it' : 'them'} from the handout.`,
      { sourceIds: missing }
    )
  }
  if (set.layout === 'parallel' && set.sourceIds.length < 2) {
    throw invalid('The parallel layout prints two sources side by side: add a second source.')
  }
  const warnings: string[] = []
  const links = listLinks(db, {})
  const linkEnds = new Set(links.flatMap((l) => [l.from, l.to]))
  const sources = set.sourceIds.map((id) => getSource(db, id))
  const references = referenceData(db, set.sourceIds)
  const chosen = new Map<string, Annotation[]>()
  const agreed = agreedTagId(db)
  let orphans = 0
  for (const s of sources) {
    const all = listAnnotations(db, { sourceId: s.id })
    const keep = (a: Annotation): boolean => selected(set, a, linkEnds, agreed)
    orphans += all.filter((a) => a.status === 'orphan' && keep(a)).length
    let list = all.filter((a) => a.status === 'anchored' && keep(a))
    // In a handout of agreed annotations only, "Agreed" on every passage says nothing.
    if (set.selection.agreedOnly && agreed)
      list = list.map((a) => ({ ...a, tagIds: a.tagIds.filter((t) => t !== agreed) }))
    chosen.set(s.id, list)
  }
  if (orphans > 0) {
    warnings.push(
      `${orphans} orphaned annotation${orphans === 1 ? ' was' : 's were'} left out: ${orphans === 1 ? 'its' : 'their'} words are no longer in the text.`
    )
  }
  const total = [...chosen.values()].reduce((n, list) => n + list.length, 0)
  if (set.layout === 'excerpts' && total === 0) {
    throw invalid(
      'No annotation of these sources matches the selection, so the excerpts layout has nothing to print.'
    )
  }
  const usedTagIds = new Set([...chosen.values()].flatMap((list) => list.flatMap((a) => a.tagIds)))
  const tags = listTags(db).filter((t) => usedTagIds.has(t.id))
  const letters = tagLetters(tags)
  const handoutTags: HandoutTag[] = tags.map((t) => ({
    id: t.id,
    name: t.name,
    color: t.color,
    letter: letters.get(t.id) as string,
    description: t.description
  }))
  const included = new Map([...chosen.values()].flat().map((a) => [a.id, a]))
  const relations = new Map(listRelations(db).map((r) => [r.id, r.label]))
  return {
    warnings,
    input: {
      title: set.title,
      subtitle: set.subtitle,
      author: set.author,
      introduction: set.introduction,
      layout: set.layout,
      pageSize: set.pageSize,
      notes: set.notes,
      groupBy: set.groupBy,
      contextWords: 8,
      language: 'en',
      keywords: tags.map((t) => t.name),
      printedOn: today.toISOString().slice(0, 10),
      style: styleForRender(db, set.style),
      tags: handoutTags,
      sources: sources.map((s, i) => ({
        id: s.id,
        label: String.fromCharCode(65 + (i % 26)),
        title: s.title,
        creators: s.creators,
        publisher: s.publisher,
        date: s.date,
        language: s.language,
        kind: s.kind,
        url: s.url,
        accessed: s.accessed,
        license: s.license,
        reference: references.get(s.id),
        text: s.text,
        highlights: (chosen.get(s.id) ?? []).map((a) => ({
          id: a.id,
          start: a.start,
          end: a.end,
          tagIds: a.tagIds.filter((id) => letters.has(id)),
          note:
            set.selection.printAuthors && a.note.trim() && a.createdBy
              ? `${a.note} — *${a.createdBy}*`
              : a.note,
          question: set.questions[a.id] ?? '',
          paragraph: a.paragraph
        }))
      })),
      links: links
        .filter((l) => included.has(l.from) && included.has(l.to))
        .map((l) => ({
          id: l.id,
          from: { sourceId: (included.get(l.from) as Annotation).sourceId, highlightId: l.from },
          to: { sourceId: (included.get(l.to) as Annotation).sourceId, highlightId: l.to },
          relation: relations.get(l.relation) ?? l.relation,
          note: l.note
        })),
      tables: set.selection.agreementTable ? agreementTables(db, set, sources) : undefined
    }
  }
}

/** One agreement table per source: a row per tag and all tags, the figures as the app shows them. */
function agreementTables(
  db: Db,
  set: HandoutSet,
  sources: readonly { id: string; title: string }[]
): HandoutTable[] {
  return sources.map((s) => {
    // The chosen authors when they are several; else everyone who coded the source.
    const chosen = set.selection.authors ?? []
    const members = chosen.length > 1 ? chosen : undefined
    const report = agreement(db, { sourceId: s.id, members })
    const caption = `${report.coders.join(', ') || 'No coders'}; ${report.paragraphs} paragraphs as units${report.missing.length ? `; did not code this source: ${report.missing.join(', ')}` : ''}`
    const reasons = new Set<string>()
    const rows = report.rows.map((r) => {
      for (const f of [r.percent, r.kappa, r.alpha, r.overlap]) if (f.reason) reasons.add(f.reason)
      return [
        r.tagName,
        formatFigure(r.percent, true),
        formatFigure(r.kappa),
        formatFigure(r.alpha),
        formatFigure(r.overlap)
      ]
    })
    return {
      title: `Agreement between coders: ${s.title}`,
      caption,
      header: report.reason ? [] : ['Tag', 'Percent', 'Kappa', 'Alpha', 'Overlap'],
      rows: report.reason ? [] : rows,
      notes: report.reason
        ? [`No figures: ${report.reason}.`]
        : [...Object.values(FIGURE_MEANINGS), ...[...reasons].map((r) => `— ${r}.`)]
    }
  })
}

/** A file name from a title: no path separators or characters file systems refuse. */
export function pdfFileName(title: string, extension = 'pdf'): string {
  const safe = title
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120)
  return `${safe || 'Handout'}.${extension}`
}
