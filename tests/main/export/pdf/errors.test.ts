// Bad input and unwritable paths: clear ArchiveErrors, and never a partial or temporary file left behind.

import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { renderHandout, renderHandoutToFile } from '../../../../src/main/export/pdf'
import type { HandoutInput } from '../../../../src/main/export/pdf'
import { ArchiveError } from '../../../../src/shared/errors'
import { FONTS_DIR, seedHandout } from './fixtures'
import { tempDir } from './tools'

const options = { fontsDir: FONTS_DIR }

// Loads fonts and citation-js once, so that the timing below measures the early stop only.
beforeAll(async () => {
  await renderHandout(seedHandout('excerpts'), options)
}, 30_000)

async function failure(promise: Promise<unknown>): Promise<ArchiveError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ArchiveError)
  return error as ArchiveError
}

/** Renders into a fresh folder and expects an error with no file at all left in the folder. */
async function failsCleanly(
  input: HandoutInput,
  code: string,
  maxPages?: number
): Promise<ArchiveError> {
  const dir = tempDir()
  const error = await failure(
    renderHandoutToFile(input, join(dir, 'out.pdf'), { ...options, maxPages })
  )
  expect(error.code).toBe(code)
  expect(readdirSync(dir)).toEqual([])
  return error
}

describe('bad input', () => {
  it('refuses a handout without sources', async () => {
    const error = await failsCleanly(seedHandout('full', { sources: [] }), 'INVALID_ARGUMENT')
    expect(error.message).toMatch(/no sources/)
  })

  it('refuses the parallel layout with one source', async () => {
    const input = seedHandout('parallel')
    input.sources = input.sources.slice(0, 1)
    const error = await failsCleanly(input, 'INVALID_ARGUMENT')
    expect(error.message).toMatch(/parallel layout needs two sources/)
  })

  it('refuses highlight offsets outside the text, naming the highlight', async () => {
    const input = seedHandout('full')
    const h = input.sources[1].highlights[0]
    h.end = input.sources[1].text.length + 5
    const error = await failsCleanly(input, 'INVALID_ARGUMENT')
    expect(error.message).toContain(h.id)
    expect(error.details).toEqual({ sourceId: input.sources[1].id, highlightId: h.id })
    const negative = seedHandout('excerpts')
    negative.sources[0].highlights[0].start = -1
    await failsCleanly(negative, 'INVALID_ARGUMENT')
  })

  it('refuses unknown layouts and page sizes', async () => {
    await failsCleanly(
      seedHandout('full', { layout: 'grid' as HandoutInput['layout'] }),
      'INVALID_ARGUMENT'
    )
    await failsCleanly(
      seedHandout('full', { pageSize: 'A5' as HandoutInput['pageSize'] }),
      'INVALID_ARGUMENT'
    )
  })

  it('stops early with TOO_LARGE when the handout would pass maxPages', async () => {
    // About 5,000 pages of text: the renderer must give up at the limit, not lay everything out.
    const input = seedHandout('full')
    const text = input.sources[0].text
    input.sources[0].text = Array.from({ length: 1400 }, () => text).join('\n\n')
    const started = performance.now()
    const error = await failsCleanly(input, 'TOO_LARGE', 5)
    expect(performance.now() - started).toBeLessThan(8000)
    expect(error.message).toMatch(/past 5 pages/)
    expect(error.details).toEqual({ maxPages: 5 })
  }, 30_000)

  it('warns about links whose ends are not printed, and still renders', async () => {
    const input = seedHandout('full')
    input.links.push({
      id: 'dangling',
      from: { sourceId: input.sources[0].id, highlightId: 'en-gangs' },
      to: { sourceId: 'deleted', highlightId: 'gone' },
      relation: 'contradicts',
      note: ''
    })
    const result = await renderHandout(input, options)
    expect(result.warnings.join('\n')).toMatch(/Link dangling/)
    expect(result.pages).toBeGreaterThan(0)
  })
})

describe('output path', () => {
  it('reports a folder that does not exist as IO', async () => {
    const dir = tempDir()
    const error = await failure(
      renderHandoutToFile(seedHandout('full'), join(dir, 'missing', 'out.pdf'), options)
    )
    expect(error.code).toBe('IO')
    expect(error.message).toMatch(/does not exist/)
    expect(readdirSync(dir)).toEqual([])
  })

  it('reports an unwritable path as IO', async () => {
    const error = await failure(
      renderHandoutToFile(seedHandout('full'), '/proc/nope/out.pdf', options)
    )
    expect(error.code).toBe('IO')
    expect(error.message).toContain('/proc/nope/out.pdf')
  })

  it('removes its temporary file when the final rename fails', async () => {
    // The target is a folder: the temporary file is written, the rename fails, nothing stays.
    const dir = tempDir()
    mkdirSync(join(dir, 'out.pdf'))
    const error = await failure(
      renderHandoutToFile(seedHandout('full'), join(dir, 'out.pdf'), options)
    )
    expect(error.code).toBe('IO')
    expect(readdirSync(dir)).toEqual(['out.pdf'])
  })

  it('replaces an existing file in one step', async () => {
    const dir = tempDir()
    const out = join(dir, 'out.pdf')
    await renderHandoutToFile(seedHandout('excerpts'), out, options)
    const second = await renderHandoutToFile(seedHandout('full'), out, options)
    expect(existsSync(out)).toBe(true)
    expect(readdirSync(dir)).toEqual(['out.pdf'])
    expect(second.pages).toBeGreaterThan(1)
  })

  it('reports missing fonts as IO with the path', async () => {
    const dir = tempDir()
    const error = await failure(renderHandout(seedHandout('full'), { fontsDir: dir }))
    expect(error.code).toBe('IO')
    expect(error.message).toContain(dir)
  })
})
