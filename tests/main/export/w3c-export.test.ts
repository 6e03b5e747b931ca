// W3C export: mapping, validity against the test suite's MUST assertions, and the export → import round trip.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseW3C, parseW3CJson } from '../../../src/main/archive/w3c-import'
import type { ParsedItem, ParsedTarget } from '../../../src/main/archive/w3c-import'
import {
  checkAnnotationMusts,
  createMustChecker,
  listedAssertions,
  W3C_DEFINITIONS
} from '../../../src/main/archive/w3c-schemas/musts'
import {
  annotationToW3C,
  exportCollection,
  linkToW3C,
  parallaxIri
} from '../../../src/main/export/w3c'
import type { W3CExportInput } from '../../../src/main/export/w3c'
import type { Annotation, Link } from '../../../src/shared/model'
import { codePointToUtf16 } from '../../../src/shared/text/code-points'

const SUITE = join(__dirname, '../../fixtures/w3c-web-annotation-tests')
const SEED = join(__dirname, '../../../resources/sample-archive')

/** A checker for a suite .test file of the fixtures copy (collections and pages). */
function suiteChecker(testPath: string): ReturnType<typeof createMustChecker> {
  const paths = listedAssertions(readFileSync(join(SUITE, testPath), 'utf8'))
  const schemas = paths.map((p) => JSON.parse(readFileSync(join(SUITE, p), 'utf8')))
  return createMustChecker(W3C_DEFINITIONS, schemas)
}

// Characters outside the BMP before the passages, so code points and UTF-16 units differ.
const EN_TEXT = `🇦🇿 𐎠 ${readFileSync(join(SEED, '000_c5a335b3e3892825.txt'), 'utf8').trim()}`
const FR_TEXT = `Bakı 😀 — ${readFileSync(join(SEED, '001_7cb4cb3c1af32e13.txt'), 'utf8').trim()}`

const TAGS = [
  { id: 'T1', name: 'Claim' },
  { id: 'T2', name: 'Loaded language' },
  { id: 'T3', name: 'Date' },
  { id: 'T4', name: 'Number' }
]

function annotate(
  id: string,
  sourceId: 'EN' | 'FR',
  quote: string,
  tagIds: string[],
  note: string
): Annotation {
  const text = sourceId === 'EN' ? EN_TEXT : FR_TEXT
  const start = text.indexOf(quote)
  if (start < 0) throw new Error(`quote not in text: ${quote}`)
  const end = start + quote.length
  return {
    id,
    sourceId,
    status: 'anchored',
    start,
    end,
    exact: quote,
    prefix: text.slice(Math.max(0, start - 32), start),
    suffix: text.slice(end, end + 32),
    tagIds,
    note,
    paragraph: 1,
    created: '2025-10-01T09:15:00.000Z',
    modified: '2025-10-02T17:40:12.345Z',
    createdBy: 'Leyla Mammadova',
    modifiedBy: 'Leyla Mammadova'
  }
}

const orphan: Annotation = {
  ...annotate('A6', 'EN', 'the 107th anniversary', ['T4'], ''),
  status: 'orphan',
  start: 0,
  end: 0
}

const NOTE_MARKDOWN = '**Framing**: the enemy as *gangs*.\n\n- compare the French account'
const NOTE_MIXED = 'La date manque — Bakı döyüşü, «Битва за Баку» 𐎠 😀'

const ANNOTATIONS: Annotation[] = [
  annotate('A1', 'EN', 'Bolshevik and Armenian gangs', ['T1', 'T2'], NOTE_MARKDOWN),
  annotate('A2', 'EN', 'liberation', ['T2'], ''),
  annotate('A3', 'FR', "l'armée de Nouri Pacha est entrée à Bakou le .", ['T1', 'T3'], NOTE_MIXED),
  annotate('A4', 'FR', 'Битва за Баку', [], 'Russian name of the battle: *Bitva za Baku*'),
  annotate('A5', 'EN', 'Ketim Veliyev', [], ''),
  orphan
]

const link = (id: string, from: string, to: string, relation: string, note: string): Link => ({
  id,
  from,
  to,
  relation,
  note,
  created: '2025-10-03T08:00:00Z',
  modified: '2025-10-03T08:00:00+02:00',
  createdBy: 'Leyla Mammadova',
  modifiedBy: 'Leyla Mammadova'
})

const LINKS: Link[] = [
  link('L1', 'A1', 'A3', 'contradicts', 'One says *gangs*, the other *forces soviétiques*.'),
  link('L2', 'A3', 'A2', 'same-event', ''),
  link('L3', 'A4', 'A6', 'echoes', 'Ещё одна связь')
]

const EN_ORIGINAL = '1111111111111111111111111111111111111111111111111111111111111111'
const EN_CURRENT = '2222222222222222222222222222222222222222222222222222222222222222'
const FR_HASH = '3333333333333333333333333333333333333333333333333333333333333333'

const INPUT: W3CExportInput = {
  sources: [
    {
      id: 'EN',
      title: 'Commemoration',
      url: '',
      language: 'en',
      text: EN_TEXT,
      originalHash: EN_ORIGINAL,
      currentHash: EN_CURRENT,
      revised: '2025-09-16T08:00:00Z'
    },
    {
      id: 'FR',
      title: 'Bataille de Bakou',
      url: 'https://fr.wikipedia.org/wiki/Bataille_de_Bakou',
      language: 'fr',
      text: FR_TEXT,
      originalHash: FR_HASH,
      currentHash: FR_HASH,
      revised: '2025-09-15T10:00:00Z'
    }
  ],
  tags: TAGS,
  annotations: ANNOTATIONS,
  links: LINKS,
  relationLabels: { contradicts: 'contradicts', 'same-event': 'same event as', echoes: 'echoes' },
  generator: { name: 'Parallax 0.1.0', homepage: 'https://example.org/parallax' }
}

const asJson = (value: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(value))

describe('W3C export mapping', () => {
  it('maps a tagged, noted passage with code point offsets', () => {
    const a = ANNOTATIONS[0]
    const cpStart = Array.from(EN_TEXT.slice(0, a.start)).length
    expect(cpStart).toBe(a.start - 3) // 🇦🇿 is two astral characters, 𐎠 one
    expect(annotationToW3C(a, INPUT)).toEqual({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'urn:parallax:annotation:A1',
      type: 'Annotation',
      motivation: 'tagging',
      created: '2025-10-01T09:15:00.000Z',
      modified: '2025-10-02T17:40:12.345Z',
      creator: { type: 'Person', name: 'Leyla Mammadova' },
      generator: {
        type: 'Software',
        name: 'Parallax 0.1.0',
        homepage: 'https://example.org/parallax'
      },
      body: [
        { type: 'TextualBody', purpose: 'tagging', value: 'Claim' },
        { type: 'TextualBody', purpose: 'tagging', value: 'Loaded language' },
        { type: 'TextualBody', purpose: 'commenting', value: a.note, format: 'text/markdown' }
      ],
      target: {
        type: 'SpecificResource',
        // Named so another archive that imported the same text finds it (see ExportSource).
        source: `urn:sha256:${EN_ORIGINAL}`,
        scope: ['urn:parallax:source:EN'],
        state: {
          type: 'TimeState',
          cached: `urn:sha256:${EN_CURRENT}`,
          sourceDate: '2025-09-16T08:00:00Z'
        },
        selector: [
          { type: 'TextQuoteSelector', exact: a.exact, prefix: a.prefix, suffix: a.suffix },
          { type: 'TextPositionSelector', start: cpStart, end: cpStart + a.exact.length }
        ]
      }
    })
  })

  it('chooses the motivation from what the annotation carries', () => {
    const motivation = (a: Annotation): unknown => asJson(annotationToW3C(a, INPUT)).motivation
    expect(motivation(ANNOTATIONS[1])).toBe('tagging')
    expect(motivation(ANNOTATIONS[3])).toBe('commenting')
    expect(motivation(ANNOTATIONS[4])).toBe('highlighting')
    expect(asJson(annotationToW3C(ANNOTATIONS[4], INPUT)).body).toBeUndefined()
  })

  it('exports an orphan with its quote only', () => {
    const target = asJson(annotationToW3C(orphan, INPUT)).target as Record<string, unknown>
    expect(target.selector).toEqual([
      {
        type: 'TextQuoteSelector',
        exact: orphan.exact,
        prefix: orphan.prefix,
        suffix: orphan.suffix
      }
    ])
  })

  it('exports a link as a linking annotation with targets [from, to]', () => {
    const out = asJson(linkToW3C(LINKS[0], INPUT))
    expect(out.id).toBe('urn:parallax:link:L1')
    expect(out.motivation).toBe('linking')
    expect(out.body).toEqual([
      { type: 'TextualBody', purpose: 'classifying', value: 'contradicts' },
      { type: 'TextualBody', purpose: 'commenting', value: LINKS[0].note, format: 'text/markdown' }
    ])
    expect(out.target).toEqual([
      asJson(annotationToW3C(ANNOTATIONS[0], INPUT)).target,
      asJson(annotationToW3C(ANNOTATIONS[2], INPUT)).target
    ])
    expect(asJson(linkToW3C(LINKS[1], INPUT)).body).toEqual([
      { type: 'TextualBody', purpose: 'classifying', value: 'same event as' }
    ])
  })
})

describe('W3C export validity (the suite MUST assertions)', () => {
  const collection = asJson(exportCollection(INPUT, 'Baku 1918: all annotations'))
  const first = collection.first as { items: Record<string, unknown>[] }

  it('passes every annotation MUST for each annotation and link', () => {
    const all = [
      ...ANNOTATIONS.map((a) => annotationToW3C(a, INPUT)),
      ...LINKS.map((l) => linkToW3C(l, INPUT))
    ]
    for (const item of all) expect(checkAnnotationMusts(asJson(item))).toEqual([])
  })

  it('the MUST checker is not vacuous', () => {
    const item = asJson(annotationToW3C(ANNOTATIONS[0], INPUT))
    const { target: _target, ...untargeted } = item
    const broken = { ...untargeted, id: 'not an iri', created: '2025-10-01', bodyValue: 'x' }
    const failed = checkAnnotationMusts(broken).map((f) => f.assertion)
    expect(failed).toEqual(
      expect.arrayContaining([
        '3.1-annotationIdValidated.json',
        '3.1-targetKeyFound.json',
        '3.2.5-notBodyBodyValue.json',
        '3.3.1-annotationCreatedValidated.json'
      ])
    )
  })

  it('passes the collection and page MUSTs, and its items (with the inherited context) too', () => {
    expect(collection.total).toBe(ANNOTATIONS.length + LINKS.length)
    expect(first.items).toHaveLength(ANNOTATIONS.length + LINKS.length)
    expect(suiteChecker('collections/collectionMusts.test')(collection)).toEqual([])
    expect(suiteChecker('collections/pages/pageMusts.test')(collection)).toEqual([])
    for (const item of first.items) {
      expect(item['@context']).toBeUndefined()
      expect(checkAnnotationMusts({ '@context': collection['@context'], ...item })).toEqual([])
    }
  })
})

describe('W3C round trip (export → JSON text → import)', () => {
  const text = JSON.stringify(exportCollection(INPUT, 'Round trip'))
  const result = parseW3CJson(text)
  const byId = new Map(result.items.map((item) => [item.id, item]))
  const textOf = (sourceId: string): string => (sourceId === 'EN' ? EN_TEXT : FR_TEXT)

  function expectSamePassage(t: ParsedTarget, a: Annotation): void {
    expect([t.sourceIri, ...t.alternates]).toContain(parallaxIri('source', a.sourceId))
    expect([t.exact, t.prefix, t.suffix]).toEqual([a.exact, a.prefix, a.suffix])
    if (a.status === 'orphan') {
      expect(t.start).toBeUndefined()
      return
    }
    const source = textOf(a.sourceId)
    expect(codePointToUtf16(source, t.start as number)).toBe(a.start)
    expect(codePointToUtf16(source, t.end as number)).toBe(a.end)
    expect(source.slice(a.start, a.end)).toBe(t.exact)
  }

  it('accepts everything it exported', () => {
    expect(result.rejected).toEqual([])
    expect(result.items).toHaveLength(ANNOTATIONS.length + LINKS.length)
    expect(parseW3C(JSON.parse(text))).toEqual(result)
  })

  it('gives back the annotations: tags, notes, quotes, positions, times', () => {
    const tagName = new Map(TAGS.map((t) => [t.id, t.name]))
    for (const a of ANNOTATIONS) {
      const item = byId.get(a.id) as Extract<ParsedItem, { kind: 'annotation' }>
      expect(item.kind).toBe('annotation')
      expect(item.iri).toBe(`urn:parallax:annotation:${a.id}`)
      expect(item.tags).toEqual(a.tagIds.map((id) => tagName.get(id)))
      expect(item.note).toBe(a.note)
      expect([item.created, item.modified]).toEqual([a.created, a.modified])
      expectSamePassage(item.target, a)
    }
  })

  it('gives back the links: relation labels, notes and directions', () => {
    const annotation = new Map(ANNOTATIONS.map((a) => [a.id, a]))
    for (const l of LINKS) {
      const item = byId.get(l.id) as Extract<ParsedItem, { kind: 'link' }>
      expect(item.kind).toBe('link')
      expect(item.relation).toBe(INPUT.relationLabels[l.relation])
      expect(item.note).toBe(l.note)
      expectSamePassage(item.from, annotation.get(l.from) as Annotation)
      expectSamePassage(item.to, annotation.get(l.to) as Annotation)
    }
  })
})
