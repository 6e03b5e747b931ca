// Test helpers: an archive with one of every kind of record, and a dump of every user table with ids.

import type { Archive } from '../../src/main/archive/archive'

/** Every table a bundle carries (settings are machine-local and stay out). */
export const BUNDLE_TABLES = [
  'sources',
  'revisions',
  'tags',
  'annotations',
  'annotation_tags',
  'relations',
  'links',
  'variant_sets',
  'handout_sets'
] as const

/** All rows of the bundle tables, ids included, sorted so two dumps compare with toEqual. */
export function dumpTables(archive: Archive): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const table of BUNDLE_TABLES) {
    const rows = archive.database.prepare(`SELECT * FROM "${table}"`).all()
    out[table] = rows.map((r) => JSON.stringify(r)).sort()
  }
  return out
}

/** What `populate` made, for assertions. */
export interface Populated {
  sourceIds: string[]
  annotationIds: string[]
  orphanId: string
  relationId: string
  setId: string
}

/**
 * Fills an archive that has the sample (two sources with edited revisions, the codebook, variant
 * sets) with annotations (tagged, noted, orphaned), links with a user relation, a variant set and
 * a handout set.
 */
export async function populate(archive: Archive): Promise<Populated> {
  const sources = await archive.listSources()
  // a: the English news report; b: the French encyclopedia article.
  const a = sources.find((s) => s.language === 'en')?.id as string
  const b = sources.find((s) => s.language === 'fr')?.id as string
  const tags = await archive.listTags()
  const tagged = await archive.createAnnotation({
    sourceId: a,
    target: { quote: 'Baku' },
    tagIds: [tags[0].id, tags[1].id],
    note: 'A **tagged** and noted passage.'
  })
  const noted = await archive.createAnnotation({
    sourceId: b,
    target: { quote: 'Bakou' },
    note: 'Only a note.'
  })
  const plain = await archive.createAnnotation({ sourceId: b, target: { quote: 'Nouri Pacha' } })
  // A passage the next edit removes becomes an orphan.
  const extra = await archive.createSource({
    title: 'A memo',
    text: 'The first paragraph stays.\n\nThe doomed sentence goes away.',
    language: 'en'
  })
  const doomed = await archive.createAnnotation({
    sourceId: extra.id,
    target: { quote: 'doomed sentence' },
    tagIds: [tags[2].id]
  })
  await archive.editSourceText(extra.id, 'The first paragraph stays.\n\nSomething else now.', 'Cut')
  const relation = await archive.createRelation('is quoted by')
  await archive.createLink({
    from: tagged.id,
    to: noted.id,
    relation: relation.id,
    note: 'Same day'
  })
  await archive.createLink({ from: noted.id, to: plain.id, relation: 'contradicts' })
  await archive.saveVariantSet({ terms: ['Nouri', 'Nuri', 'Nuru'] })
  const set = await archive.createHandoutSet({
    title: 'Baku, September 1918',
    sourceIds: [a, b],
    selection: { mode: 'tags', tagIds: [tags[0].id], annotationIds: [] },
    questions: { [tagged.id]: 'Who took Baku?' }
  })
  return {
    sourceIds: [a, b, extra.id],
    annotationIds: [tagged.id, noted.id, plain.id, doomed.id],
    orphanId: doomed.id,
    relationId: relation.id,
    setId: set.id
  }
}
