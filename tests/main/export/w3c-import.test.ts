// W3C import: the test suite's correct and incorrect samples, and what Parallax accepts beyond its own exports.

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NO_TEXT_SELECTOR, parseW3C, parseW3CJson } from '../../../src/main/archive/w3c-import'
import { createMustChecker } from '../../../src/main/archive/w3c-schemas/musts'
import { ArchiveError } from '../../../src/shared/errors'

const SAMPLES = join(__dirname, '../../fixtures/w3c-web-annotation-tests/tools/samples')
const sample = (dir: 'correct' | 'incorrect', file: string): string =>
  readFileSync(join(SAMPLES, dir, file), 'utf8')
const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `anno${from + i}.json`)

describe('the suite samples: correct', () => {
  // Samples whose target is a text passage, with what Parallax reads from them.
  const TEXT: Record<string, object> = {
    'anno26.json': {
      iri: 'http://example.org/anno26',
      target: {
        sourceIri: 'http://example.org/page1',
        alternates: [],
        exact: 'anotation',
        prefix: 'this is an ',
        suffix: ' that has some'
      },
      note: '<http://example.org/comment1>'
    },
    'anno27.json': {
      iri: 'http://example.org/anno27',
      target: {
        sourceIri: 'http://example.org/ebook1',
        alternates: [],
        exact: '',
        prefix: '',
        suffix: '',
        start: 412,
        end: 795
      },
      note: '<http://example.org/review1>'
    },
    'anno32.json': {
      // The TextQuoteSelector refines a FragmentSelector: a quote is found wherever it is.
      iri: 'http://example.org/anno32',
      target: {
        sourceIri: 'http://example.org/page1',
        alternates: [],
        exact: 'Selected Text',
        prefix: 'text before the ',
        suffix: ' and text after it'
      },
      note: '<http://example.org/comment1>'
    }
  }
  // Bare IRIs, images, video, CSS / XPath / SVG / data / range selectors, states without selectors.
  const NON_TEXT = [...range(1, 10), ...range(14, 25), ...range(28, 31), ...range(33, 40)]
  // Composite / List / Independents were dropped from the final Recommendation; the suite's own
  // MUST schema (3.2-targetObjectsRecognized) rejects these older samples.
  const DROPPED_SETS = range(11, 13)
  // Its only TextPositionSelector refines an XPointer FragmentSelector: offsets inside an XML
  // element, which a plain text cannot place, and no quote to search for.
  const SCOPED = ['anno41-example44.json']
  const COLLECTIONS = ['collection1.json', 'example41.json', 'example42.json', 'example43.json']

  it('classifies every sample file', () => {
    const listed = [...Object.keys(TEXT), ...NON_TEXT, ...DROPPED_SETS, ...SCOPED, ...COLLECTIONS]
    expect(listed.sort()).toEqual(readdirSync(join(SAMPLES, 'correct')).sort())
  })

  it.each(Object.entries(TEXT))('accepts %s, which targets text', (file, expected) => {
    const result = parseW3CJson(sample('correct', file))
    expect(result.rejected).toEqual([])
    expect(result.items).toEqual([{ kind: 'annotation', tags: [], ...expected }])
  })

  it.each(NON_TEXT)('rejects %s, which targets something that is not text', (file) => {
    const result = parseW3CJson(sample('correct', file))
    expect(result.items).toEqual([])
    expect(result.rejected).toHaveLength(1)
    expect(result.rejected[0].reason.startsWith(`${NO_TEXT_SELECTOR}: `)).toBe(true)
  })

  it.each(DROPPED_SETS)('rejects %s (a target type no longer in the model)', (file) => {
    const [rejected] = parseW3CJson(sample('correct', file)).rejected
    expect(rejected.reason).toMatch(/W3C model MUST.*Targets of the Annotation is not one of/)
  })

  it('rejects anno41-example44.json, whose position counts inside an XML fragment', () => {
    const [rejected] = parseW3CJson(sample('correct', SCOPED[0])).rejected
    expect(rejected.reason).toMatch(/TextPositionSelector refines a FragmentSelector/)
  })

  it('reads collection1.json: items inherit the context; the text ones are accepted', () => {
    const result = parseW3CJson(sample('correct', 'collection1.json'))
    expect(result.items.map((i) => i.iri)).toEqual(
      ['anno26', 'anno27', 'anno32'].map((n) => `http://example.org/${n}`)
    )
    expect(result.rejected).toHaveLength(38)
    expect(result.rejected.every((r) => !/@context/.test(r.reason))).toBe(true)
    expect(result.rejected.map((r) => r.index)).not.toContain(25) // anno26 is the 26th item
  })

  it('reports collection and page links it cannot follow (example41-43)', () => {
    expect(parseW3CJson(sample('correct', 'example41.json'))).toEqual({
      items: [],
      rejected: [
        {
          index: 0,
          id: 'http://example.org/page1',
          reason: 'page "http://example.org/page1" is not in the file'
        }
      ]
    })
    for (const file of ['example42.json', 'example43.json']) {
      const { rejected } = parseW3CJson(sample('correct', file))
      expect(rejected.map((r) => r.id)).toEqual([
        'http://example.org/anno1',
        'http://example.org/anno2',
        'http://example.org/page2'
      ])
    }
  })
})

describe('the suite samples: incorrect', () => {
  // Most of these files repeat an invalid "id" (an array); the reason lists up to three failed
  // MUSTs, so the defect each file was written for shows too. Files that are not JSON (trailing
  // commas) fail as a whole; with the commas removed, their intended defect is reported.
  const NOT_JSON = 'not JSON'
  const EXPECTED: Record<string, [RegExp | typeof NOT_JSON, RegExp?]> = {
    'anno1.json': [NOT_JSON],
    'anno3.json': [/@context/],
    'anno4.json': [/@context/],
    'anno5.json': [/@context/],
    'anno6.json': [/missing id key or its value is not a single string of format uri/],
    'anno7.json': [/id key/],
    'anno8.json': [/missing type key/],
    'anno9.json': [/missing type key/],
    'anno10.json': [NOT_JSON, /missing target key/],
    'anno11.json': [/Targets of the Annotation is not one of/],
    'anno12.json': [NOT_JSON, /Bodies of the Annotation is not one of/],
    'anno13.json': [NOT_JSON, /Bodies of the Annotation is not one of/],
    'anno14.json': [NOT_JSON, /id key/], // body "format": 6 is checked by no MUST
    'anno15.json': [NOT_JSON, /id key/], // "langauage" is misspelled, so nothing checks it
    'anno16.json': [NOT_JSON, /textDirection/],
    'anno17.json': [NOT_JSON, /Bodies of the Annotation is not one of/],
    'anno18.json': [NOT_JSON, /Bodies of the Annotation is not one of/],
    'anno19.json': [NOT_JSON, /body and bodyValue are exclusive/],
    'anno20.json': [NOT_JSON, /bodyValue key value/],
    'anno21.json': [NOT_JSON, /bodyValue key value/],
    'anno22.json': [NOT_JSON, /Bodies of the Annotation is not one of/],
    'anno23.json': [NOT_JSON, /id key/], // two processingLanguage values: a SHOULD, not a MUST
    'anno24.json': [NOT_JSON, /textDirection/],
    'anno25.json': [NOT_JSON, /Bodies of the Annotation is not one of/],
    'anno26.json': [/id key/], // creator 6: only checked by the optional agent assertions
    'anno27.json': [/id key/], // generator 42: likewise
    'anno28.json': [/created key value that is not of format date-time/],
    'anno29.json': [/modified key value that is not of format date-time/],
    'anno30.json': [/generated key value that is not of format date-time/],
    'anno31.json': [/multiple modified key values/],
    'anno32.json': [/multiple created key values/],
    'anno33.json': [/multiple generated key values/],
    'anno34.json': [/rights key are not strings of format uri/],
    'anno35.json': [/via key are not of format uri/],
    'anno36.json': [/canonical key is not of format uri/],
    'anno37.json': [NOT_JSON, /Targets of the Annotation is not one of/],
    'anno38.json': [/selectors having value/],
    'anno39.json': [/selectors having value/]
  }

  it('has an expectation for every sample file', () => {
    const files = readdirSync(join(SAMPLES, 'incorrect')).filter((f) => f !== 'anno2.json')
    expect(Object.keys(EXPECTED).sort()).toEqual(files.sort())
  })

  it('throws for anno2.json ({}), which is not an annotation at all', () => {
    expect(() => parseW3CJson(sample('incorrect', 'anno2.json'))).toThrow(
      /not W3C Web Annotation JSON-LD/
    )
  })

  it.each(Object.entries(EXPECTED))('rejects %s with a clear reason', (file, [strict, lenient]) => {
    const text = sample('incorrect', file)
    if (strict === NOT_JSON) {
      expect(() => parseW3CJson(text)).toThrow(ArchiveError)
      expect(() => parseW3CJson(text)).toThrow(/^This file is not JSON: .+/)
      if (!lenient) return
      const { items, rejected } = parseW3C(JSON.parse(text.replace(/,(\s*[}\]])/g, '$1')))
      expect(items).toEqual([])
      expect(rejected[0].reason).toMatch(lenient)
      return
    }
    const { items, rejected } = parseW3CJson(text)
    expect(items).toEqual([])
    expect(rejected).toHaveLength(1)
    expect(rejected[0].reason).toMatch(/^not a valid Web Annotation \(W3C model MUST\): /)
    expect(rejected[0].reason).toMatch(strict)
    expect(rejected[0].reason).not.toMatch(/\n/)
  })
})

describe('the suite harness semantics', () => {
  const assertion = (id: string, extra: object) => ({
    id,
    assertionType: 'must',
    errorMessage: `ERROR:  ${id}\n failed`,
    type: 'object',
    required: ['a'],
    ...extra
  })

  it('passes an assertion when the outcome equals expectedResult, else applies onUnexpectedResult', () => {
    const check = createMustChecker(
      [],
      [
        assertion('valid', { expectedResult: 'valid', onUnexpectedResult: 'failAndContinue' }),
        assertion('invalid', { expectedResult: 'invalid', onUnexpectedResult: 'failAndContinue' }),
        assertion('optional', { expectedResult: 'valid', onUnexpectedResult: 'passAndContinue' })
      ]
    )
    expect(check({ a: 1 })).toEqual([{ assertion: 'invalid', message: 'invalid failed' }])
    expect(check({}).map((f) => f.assertion)).toEqual(['valid'])
  })

  it('stops at an unexpected result marked …Skip or …Abort', () => {
    const check = createMustChecker(
      [],
      [assertion('first', { onUnexpectedResult: 'failAndSkip' }), assertion('second', {})]
    )
    expect(check({}).map((f) => f.assertion)).toEqual(['first'])
  })

  it('checks the uri and date-time formats as the model defines them', () => {
    const check = createMustChecker(
      [],
      [
        { id: 'uri', type: 'string', format: 'uri' },
        { id: 'date', type: 'string', format: 'date-time' }
      ]
    )
    const failed = (value: string): string[] => check(value).map((f) => f.assertion)
    for (const iri of [
      'urn:parallax:source:K7M2',
      'https://az.wikipedia.org/wiki/Bakı',
      'urn:uuid:1-2'
    ])
      expect(failed(iri)).not.toContain('uri')
    for (const bad of ['not a uri', 'example.org/page', 'http://x/%zz', 'http://a b'])
      expect(failed(bad)).toContain('uri')
    for (const date of [
      '2015-01-28T12:00:00Z',
      '2015-01-28T12:00:00.5+05:30',
      '2024-02-29T00:00:00'
    ])
      expect(failed(date)).not.toContain('date')
    for (const bad of ['yesterday', '2015-01-28', '2023-02-29T00:00:00Z', '2015-01-28T25:00:00Z'])
      expect(failed(bad)).toContain('date')
  })
})
