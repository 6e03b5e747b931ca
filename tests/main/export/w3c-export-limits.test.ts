// W3C export edge cases: missing references, an empty collection, the checkers' own failures, and scale.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  checkAnnotationMusts,
  createMustChecker,
  listedAssertions,
  W3C_DEFINITIONS
} from '../../../src/main/archive/w3c-schemas/musts'
import { annotationToW3C, exportCollection, linkToW3C } from '../../../src/main/export/w3c'
import type { W3CExportInput } from '../../../src/main/export/w3c'
import { ArchiveError } from '../../../src/shared/errors'
import type { Annotation } from '../../../src/shared/model'

const SUITE = join(__dirname, '../../fixtures/w3c-web-annotation-tests')

function suiteChecker(testPath: string): ReturnType<typeof createMustChecker> {
  const paths = listedAssertions(readFileSync(join(SUITE, testPath), 'utf8'))
  const schemas = paths.map((p) => JSON.parse(readFileSync(join(SUITE, p), 'utf8')))
  return createMustChecker(W3C_DEFINITIONS, schemas)
}
const collectionMusts = suiteChecker('collections/collectionMusts.test')
const pageMusts = suiteChecker('collections/pages/pageMusts.test')

const TEXT = '😀 Baku, Bakı, Bakou, Баку. ' // 28 UTF-16 units, 27 code points
const annotation = (id: string, start: number, end: number, tagIds: string[] = []): Annotation => ({
  id,
  sourceId: 'S',
  status: 'anchored',
  start,
  end,
  exact: TEXT.slice(start, end),
  prefix: '',
  suffix: '',
  tagIds,
  note: '',
  paragraph: 1,
  created: '2025-10-01T09:15:00Z',
  modified: '2025-10-01T09:15:00Z',
  createdBy: 'Leyla',
  modifiedBy: 'Leyla'
})
const input = (over: Partial<W3CExportInput> = {}): W3CExportInput => ({
  sources: [
    {
      id: 'S',
      title: 'Baku',
      url: '',
      language: 'az',
      text: TEXT,
      originalHash: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      currentHash: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      revised: '2025-10-01T09:00:00Z'
    }
  ],
  tags: [{ id: 'T1', name: 'Place' }],
  annotations: [annotation('A1', 3, 7, ['T1']), annotation('A2', 9, 13)],
  links: [
    {
      id: 'L1',
      from: 'A1',
      to: 'A2',
      relation: 'translation-of',
      note: '',
      created: 'not a date',
      modified: '2025-10-03 08:00',
      createdBy: '',
      modifiedBy: ''
    }
  ],
  relationLabels: {},
  ...over
})

describe('W3C export edge cases', () => {
  it('refuses input that lacks what it refers to, with a clear error', () => {
    const bad = (fn: () => unknown, pattern: RegExp): void => {
      expect(fn).toThrow(ArchiveError)
      expect(fn).toThrow(pattern)
    }
    const base = input()
    const [a1] = base.annotations
    const [l1] = base.links
    bad(() => annotationToW3C(a1, input({ sources: [] })), /Source S of annotation A1/)
    bad(() => annotationToW3C({ ...a1, tagIds: ['T9'] }, base), /Tag T9 of annotation A1/)
    bad(() => linkToW3C({ ...l1, to: 'A9' }, base), /Annotation A9, an end of link L1/)
    bad(() => linkToW3C({ ...l1, relation: 'echoes' }, base), /Relation echoes has no label/)
  })

  it('falls back to built-in relation labels and normalises or drops odd timestamps', () => {
    const out = linkToW3C(input().links[0], input()) as Record<string, unknown>
    expect(out.body).toEqual([
      { type: 'TextualBody', purpose: 'classifying', value: 'translation of' }
    ])
    expect(out.created).toBeUndefined() // unparseable: left out rather than invalid
    expect(out.modified).toBe(new Date('2025-10-03 08:00').toISOString())
    expect(checkAnnotationMusts(out)).toEqual([])
  })

  it('exports an empty collection without a page, still valid', () => {
    const empty = exportCollection(input({ annotations: [], links: [] }), 'Nothing')
    expect(empty).toEqual({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'urn:parallax:collection:Nothing',
      type: 'AnnotationCollection',
      label: 'Nothing',
      total: 0
    })
    expect(collectionMusts(empty)).toEqual([])
  })

  it('gives a collection a URI-safe id whatever its label', () => {
    const c = exportCollection(input(), 'Tag: «Loaded language» / Bakı') as Record<string, unknown>
    expect(c.id).toBe(
      `urn:parallax:collection:${encodeURIComponent('Tag: «Loaded language» / Bakı')}`
    )
    expect(collectionMusts(c)).toEqual([])
    expect(pageMusts(c)).toEqual([])
  })

  it('the collection and page checkers are not vacuous', () => {
    const c = exportCollection(input(), 'x') as Record<string, unknown>
    const { id: _id, ...noId } = c
    const noItems = { ...c, first: { ...(c.first as object), items: 'none' } }
    expect(collectionMusts(noId).map((f) => f.assertion)).toEqual([
      '5.1-collectionIdValidated.json'
    ])
    expect(pageMusts(noItems).map((f) => f.assertion)).toEqual(['5.2-pageItemsValidated.json'])
  })

  it('exports 10,000 annotations on a 1 MB text quickly (no per-annotation text scans)', () => {
    const big = TEXT.repeat(38_000)
    const many = Array.from({ length: 10_000 }, (_, i) => {
      const start = Math.floor((i * 38_000) / 10_000) * 28 + 3 // after the emoji of a repetition
      return { ...annotation(`B${i}`, start, start + 4), exact: big.slice(start, start + 4) }
    })
    const data = input({
      sources: [{ ...input().sources[0], text: big }],
      annotations: many,
      links: []
    })
    const started = performance.now()
    const out = exportCollection(data, 'Big') as { total: number; first: { items: unknown[] } }
    expect(performance.now() - started).toBeLessThan(3_000)
    expect(out.total).toBe(10_000)
    const last = out.first.items[9_999] as { target: { selector: { start: number }[] } }
    expect(last.target.selector[1].start).toBe(
      many[9_999].start - Math.floor(many[9_999].start / 28) - 1
    )
  })
})
