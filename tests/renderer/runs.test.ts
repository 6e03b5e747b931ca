// What each run of a paragraph shows in the reader, and when a paragraph must be drawn again.

import { describe, expect, it } from 'vitest'
import type { Annotation } from '../../src/shared/model'
import { runViews, sameRuns, type RunInput } from '../../src/renderer/src/lib/runs'
import { tagOf } from '../helpers/model'

const text = 'Baku was liberated on 15 September 1918 by the Ottoman Army of Islam.'
const span = { start: 0, end: text.length }

const tags = new Map([
  ['claim', tagOf('Claim', { id: 'claim', color: '#d9a400' })],
  ['date', tagOf('Date', { id: 'date', color: '#3a7bd5' })]
])

function annotation(id: string, exact: string, tagIds: string[], extra: Partial<Annotation> = {}) {
  const start = text.indexOf(exact)
  return {
    id,
    sourceId: 's',
    status: 'anchored',
    start,
    end: start + exact.length,
    exact,
    prefix: '',
    suffix: '',
    tagIds,
    note: '',
    paragraph: 1,
    created: '',
    modified: '',
    createdBy: '',
    modifiedBy: '',
    ...extra
  } satisfies Annotation
}

const claim = annotation('a-claim', 'Baku was liberated on 15 September 1918', ['claim'], {
  note: 'Compare the French account.\nSecond line.',
  createdBy: 'Ana'
})
const date = annotation('a-date', '15 September 1918', ['date'])

function input(over: Partial<RunInput> = {}): RunInput {
  return {
    text,
    span,
    annotations: [claim, date],
    marks: [],
    current: null,
    tags,
    linkEnds: new Set(),
    outlineAuthors: null,
    ...over
  }
}

describe('runViews', () => {
  it('cuts the text at every highlight boundary and puts the innermost annotation first', () => {
    const runs = runViews(input())
    expect(runs.map((r) => r.text)).toEqual([
      'Baku was liberated on ',
      '15 September 1918',
      ' by the Ottoman Army of Islam.'
    ])
    expect(runs.map((r) => r.start)).toEqual([0, 22, 39])
    const inner = runs[1]
    // A click on the date cycles date first, then the claim around it.
    expect(inner.ids).toEqual(['a-date', 'a-claim'])
    // The innermost's tint, and an underline band for each annotation (both colours).
    expect(inner.tint).toBe('#3a7bd5')
    expect(inner.bands).toContain('#3a7bd5')
    expect(inner.bands).toContain('#d9a400')
    // One annotation alone: its underline is the stylesheet's.
    expect(runs[0].bands).toBeNull()
    expect(runs[0].title).toBe('Claim — Compare the French account. — Ana')
    expect(inner.title.split('\n')).toEqual(['Date', 'Claim — Compare the French account. — Ana'])
    expect(runs[2].ids).toEqual([])
  })

  it('marks find matches, the one stepped to apart, and puts link markers after a run', () => {
    const marks = [
      { start: text.indexOf('Baku'), end: text.indexOf('Baku') + 4 },
      { start: text.indexOf('Islam'), end: text.indexOf('Islam') + 5 }
    ]
    const runs = runViews(
      input({ marks, current: marks[1], linkEnds: new Set(['a-date']), outlineAuthors: ['Ana'] })
    )
    const baku = runs.find((r) => r.text === 'Baku')!
    expect(baku).toMatchObject({ mark: true, current: false, ids: ['a-claim'], outline: 'solid' })
    const islam = runs.find((r) => r.text === 'Islam')!
    expect(islam).toMatchObject({ mark: false, current: true, ids: [] })
    const withLink = runs.filter((r) => r.links.length > 0)
    expect(withLink.map((r) => r.text)).toEqual(['15 September 1918'])
    expect(withLink[0].links[0]).toEqual({
      id: 'a-date',
      label: 'Follow the link of “15 September 1918”'
    })
  })
})

describe('sameRuns', () => {
  it('keeps a paragraph when nothing it shows changed', () => {
    expect(sameRuns(runViews(input()), runViews(input()))).toBe(true)
    // The find match stepped to is in another paragraph.
    const elsewhere = { start: text.length + 10, end: text.length + 14 }
    expect(sameRuns(runViews(input()), runViews(input({ current: elsewhere })))).toBe(true)
  })

  it('draws again when a tag colour, a note, a match, a link or the outlines change', () => {
    const before = runViews(input())
    const recoloured = new Map(tags).set('date', tagOf('Date', { id: 'date' }))
    const renoted = { ...claim, note: 'Another note' }
    for (const changed of [
      input({ tags: recoloured }),
      input({ annotations: [renoted, date] }),
      input({ annotations: [claim] }),
      input({ marks: [{ start: 0, end: 4 }] }),
      input({ linkEnds: new Set(['a-claim']) }),
      input({ outlineAuthors: ['Ana'] })
    ]) {
      expect(sameRuns(before, runViews(changed))).toBe(false)
    }
  })
})
