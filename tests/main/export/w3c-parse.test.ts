// W3C import beyond the suite samples: annotations from other tools, links, bad items, and input that is not annotations.

import { describe, expect, it } from 'vitest'
import { NO_TEXT_SELECTOR, parseW3C } from '../../../src/main/archive/w3c-import'
import { ArchiveError } from '../../../src/shared/errors'

const CONTEXT = 'http://www.w3.org/ns/anno.jsonld'
const QUOTE = { type: 'TextQuoteSelector', exact: 'gangs', prefix: 'Armenian ', suffix: '. A' }
const POSITION = { type: 'TextPositionSelector', start: 120, end: 125 }
const passage = (
  source = 'https://example.org/news/baku',
  selector: unknown = [QUOTE, POSITION]
) => ({
  type: 'SpecificResource',
  source,
  selector
})
const anno = (extra: Record<string, unknown>) => ({
  '@context': CONTEXT,
  id: 'https://hypothes.is/a/abc123',
  type: 'Annotation',
  target: passage(),
  ...extra
})
const one = (json: unknown) => {
  const { items, rejected } = parseW3C(json)
  expect(items.length + rejected.length).toBe(1)
  return { item: items[0], reason: rejected[0]?.reason }
}

describe('parseW3C: annotations from other tools', () => {
  it('reads tags, note and both selectors of a Hypothesis-style annotation', () => {
    const { item } = one(
      anno({
        created: '2024-03-01T10:00:00.123+00:00',
        modified: ['2024-03-02T10:00:00Z'],
        body: [
          { type: 'TextualBody', purpose: 'tagging', value: ' Loaded language ' },
          { type: 'TextualBody', purpose: 'tagging', value: 'loaded LANGUAGE' },
          { type: 'TextualBody', value: 'Note in **Markdown**', format: 'text/markdown' },
          { type: 'TextualBody', purpose: 'describing', value: 'Açıqlama: Bakı' },
          'https://example.org/reply/1'
        ]
      })
    )
    expect(item).toEqual({
      kind: 'annotation',
      iri: 'https://hypothes.is/a/abc123',
      created: '2024-03-01T10:00:00.123+00:00',
      modified: '2024-03-02T10:00:00Z',
      note: 'Note in **Markdown**\n\nAçıqlama: Bakı\n\n<https://example.org/reply/1>',
      target: {
        sourceIri: 'https://example.org/news/baku',
        alternates: [],
        exact: 'gangs',
        prefix: 'Armenian ',
        suffix: '. A',
        start: 120,
        end: 125
      },
      tags: ['Loaded language']
    })
  })

  it('lets the motivation give unpurposed bodies their role; bodyValue is a note', () => {
    const tagged = one(
      anno({ motivation: 'tagging', body: { type: 'TextualBody', value: 'Claim' } })
    )
    expect(tagged.item).toMatchObject({ tags: ['Claim'], note: '' })
    const commented = one(anno({ motivation: 'commenting', bodyValue: 'Just a comment' }))
    expect(commented.item).toMatchObject({ tags: [], note: 'Just a comment' })
  })

  it('takes the first item of a Choice body and a source given as an object', () => {
    const { item } = one(
      anno({
        body: {
          type: 'Choice',
          items: [
            { type: 'TextualBody', value: 'en' },
            { type: 'TextualBody', value: 'fr' }
          ]
        },
        target: passage(undefined, QUOTE)
      })
    )
    expect(item).toMatchObject({ note: 'en', target: { exact: 'gangs' } })
    const source = { id: 'urn:parallax:source:K7M2QX9P', type: 'Text', language: 'az' }
    expect(
      one(anno({ target: { type: 'SpecificResource', source, selector: POSITION } })).item
    ).toMatchObject({
      target: {
        sourceIri: 'urn:parallax:source:K7M2QX9P',
        alternates: [],
        exact: '',
        start: 120,
        end: 125
      }
    })
  })

  it("recognises Parallax's own ids, URI-decoded", () => {
    const { item } = one(anno({ id: 'urn:parallax:annotation:A%20B' }))
    expect(item).toMatchObject({ id: 'A B', iri: 'urn:parallax:annotation:A%20B' })
    expect(one(anno({ id: 'urn:parallax:link:X' })).item?.id).toBeUndefined() // not a link
  })

  it('reads a link: targets [from, to], the classifying label, a note', () => {
    const from = passage('urn:parallax:source:EN')
    const to = passage('urn:parallax:source:FR', { type: 'TextQuoteSelector', exact: 'Bakou' })
    const { item } = one(
      anno({
        id: 'urn:parallax:link:L1',
        motivation: 'linking',
        body: [
          { type: 'TextualBody', purpose: 'classifying', value: 'same event as' },
          { type: 'TextualBody', purpose: 'commenting', value: 'Même jour' }
        ],
        target: [from, to]
      })
    )
    expect(item).toMatchObject({
      kind: 'link',
      id: 'L1',
      relation: 'same event as',
      note: 'Même jour'
    })
    expect(item).toMatchObject({
      from: { sourceIri: 'urn:parallax:source:EN' },
      to: { exact: 'Bakou', prefix: '' }
    })
  })
})

describe('parseW3C: what Parallax rejects, one item at a time', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'a bare IRI target',
      { target: 'https://example.org/page' },
      new RegExp(`^${NO_TEXT_SELECTOR.replace(/[()]/g, '\\$&')}: it is just the IRI`)
    ],
    [
      'an image region',
      {
        target: passage('https://example.org/i.jpg', {
          type: 'FragmentSelector',
          value: 'xywh=1,2,3,4'
        })
      },
      /it has only FragmentSelector/
    ],
    [
      'a Choice target',
      { target: { type: 'Choice', items: [passage(), passage()] } },
      /target is a Choice/
    ],
    ['an empty quote', { target: passage(undefined, { ...QUOTE, exact: '' }) }, /empty exact/],
    [
      'a backwards position',
      { target: passage(undefined, { ...POSITION, end: 3 }) },
      /0 ≤ start < end, not start 120, end 3/
    ],
    [
      'a fractional position (the suite catches it)',
      { target: passage(undefined, { ...POSITION, start: 1.5 }) },
      /W3C model MUST.*Text Position or Data Position selector/
    ],
    [
      'two targets without linking',
      { target: [passage(), passage()] },
      /has 2 targets; Parallax marks one passage/
    ],
    [
      'a link with one target',
      {
        motivation: 'linking',
        body: { type: 'TextualBody', purpose: 'classifying', value: 'agrees with' }
      },
      /needs 2 targets/
    ],
    [
      'a link without a relation',
      { motivation: 'linking', target: [passage(), passage()], bodyValue: 'x' },
      /no "classifying" body/
    ],
    [
      'a link with tags',
      {
        motivation: 'linking',
        target: [passage(), passage()],
        body: [
          { type: 'TextualBody', purpose: 'classifying', value: 'agrees with' },
          { type: 'TextualBody', purpose: 'tagging', value: 'Claim' }
        ]
      },
      /links have none/
    ],
    [
      'an empty tag',
      { body: { type: 'TextualBody', purpose: 'tagging', value: '  ' } },
      /tagging body has an empty value/
    ],
    [
      'an invalid created time',
      { created: '1 Sept 1918' },
      /created key value that is not of format date-time/
    ]
  ]
  it.each(cases)('rejects %s', (_label, extra, reason) => {
    const result = parseW3C([
      anno({ id: 'https://example.org/ok' }),
      anno({ id: 'https://example.org/bad', ...extra })
    ])
    expect(result.items.map((i) => i.iri)).toEqual(['https://example.org/ok'])
    expect(result.rejected).toEqual([
      { index: 1, id: 'https://example.org/bad', reason: expect.stringMatching(reason) }
    ])
  })

  it('reports non-annotation entries of a list or page without throwing', () => {
    const page = {
      '@context': CONTEXT,
      type: 'AnnotationPage',
      items: [42, 'https://example.org/a/7', anno({})]
    }
    const { items, rejected } = parseW3C(page)
    expect(items).toHaveLength(1)
    expect(rejected.map((r) => [r.index, r.reason])).toEqual([
      [0, '42 is not an annotation object'],
      [1, 'https://example.org/a/7 is only referenced by IRI, not included in the file']
    ])
  })

  it('reads inline pages one after another', () => {
    const page2 = { type: 'AnnotationPage', items: [anno({ id: 'https://example.org/2' })] }
    const page1 = {
      type: 'AnnotationPage',
      items: [anno({ id: 'https://example.org/1' })],
      next: page2
    }
    const collection = { '@context': CONTEXT, type: 'AnnotationCollection', total: 2, first: page1 }
    expect(parseW3C(collection).items.map((i) => i.iri)).toEqual([
      'https://example.org/1',
      'https://example.org/2'
    ])
    expect(parseW3C({ ...collection, total: 0, first: undefined })).toEqual({
      items: [],
      rejected: []
    })
  })
})

describe('parseW3C: input that is not Web Annotation at all', () => {
  it.each([
    ['a number', 42],
    ['a string', 'annotations'],
    ['null', null],
    ['an object with no type', { '@context': CONTEXT, name: 'x' }],
    ['an object of another type', { type: 'Person', name: 'Nuri Pasha' }],
    ['a list of numbers', [1, 2]]
  ])('throws INVALID_ARGUMENT for %s', (_label, json) => {
    let error: unknown
    try {
      parseW3C(json)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ArchiveError)
    expect((error as ArchiveError).code).toBe('INVALID_ARGUMENT')
    expect((error as ArchiveError).message).toMatch(/W3C Web Annotation/)
  })

  it('accepts an empty list', () => {
    expect(parseW3C([])).toEqual({ items: [], rejected: [] })
  })
})
