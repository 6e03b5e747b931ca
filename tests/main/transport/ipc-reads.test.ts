// The desktop app's IPC face with a read pool: pooled reads come as the worker's JSON reply in bytes (a 3 MB source too, never a file), which the preload decodes to the same answer the archive gives; other calls, refusals and a closed pool come as envelopes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ReadPool, byteReads } from '../../../src/main/archive/read-pool'
import { dispatchReady } from '../../../src/main/transport/dispatch'
import type { ArchiveApi } from '../../../src/shared/api'
import { readIpcResponse } from '../../../src/shared/codec'
import { RESOURCES, apiOf, snapshot, tempArchive, type TempArchive } from '../../helpers/archive'

let handle: TempArchive
let api: ArchiveApi
let pool: ReadPool
let bigId: string

beforeAll(async () => {
  handle = tempArchive({ sample: true })
  api = apiOf(handle.archive)
  const paragraph = 'The oil fields of Baku changed hands twice in the autumn of 1918. '.repeat(30)
  const text = `A long dossier\n\n${Array.from({ length: 1600 }, (_, i) => `${i}. ${paragraph}`).join('\n\n')}`
  const report = await api.importFiles([
    { name: 'dossier.txt', data: new TextEncoder().encode(text) }
  ])
  bigId = report.imported[0].id
  pool = new ReadPool({ path: handle.path, resourcesDir: RESOURCES }, { size: 1 })
  await pool.warm()
}, 60_000)

afterAll(async () => {
  await pool?.close()
  handle?.cleanup()
})

/** What the preload makes of the main process's answer, and whether that answer came as bytes. */
async function call(
  method: string,
  args: unknown
): Promise<{ bytes: boolean; response: ReturnType<typeof readIpcResponse> }> {
  const raw = await dispatchReady(
    api,
    byteReads(() => pool),
    method,
    args
  )
  return { bytes: raw instanceof Uint8Array, response: readIpcResponse(raw) }
}

describe('reads over IPC with a read pool', () => {
  it('passes a 3 MB source on as the bytes the worker encoded, which decode to the archive’s own answer', async () => {
    const { bytes, response } = await call('getSource', [bigId])
    expect(bytes).toBe(true)
    const own = await api.getSource(bigId)
    expect(own.text.length).toBeGreaterThan(3_000_000)
    expect(response).toEqual({ ok: true, value: JSON.parse(JSON.stringify(own)) })
  })

  it('gives bytes in an answer back as bytes (a bundle)', async () => {
    const { bytes, response } = await call('exportBundle', [])
    expect(bytes).toBe(true)
    expect(response.ok).toBe(true)
    const bundle = (response as { value: unknown }).value
    expect(bundle).toBeInstanceOf(Uint8Array)
    // A bundle is a zip: it starts with "PK".
    expect(Buffer.from((bundle as Uint8Array).subarray(0, 2)).toString('latin1')).toBe('PK')
  })

  it('answers a read of a source that is not there with the archive’s refusal', async () => {
    const { bytes, response } = await call('getSource', ['NOSUCH23'])
    expect(bytes).toBe(false)
    expect(response).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('answers calls the pool does not take, and malformed ones, on the main side as envelopes', async () => {
    const tags = await call('listTags', [])
    expect(tags.bytes).toBe(false)
    expect(tags.response).toEqual({ ok: true, value: await api.listTags() })
    const malformed = await call('getSource', bigId)
    expect(malformed.bytes).toBe(false)
    expect(malformed.response).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  })

  it('reads on the main side once the pool has closed, and leaves the archive as it was', async () => {
    const before = snapshot(handle.archive)
    const closed = new ReadPool({ path: handle.path, resourcesDir: RESOURCES }, { size: 1 })
    await closed.close()
    const raw = await dispatchReady(
      api,
      byteReads(() => closed),
      'listSources',
      []
    )
    expect(raw).not.toBeInstanceOf(Uint8Array)
    const response = readIpcResponse(raw)
    expect(response.ok).toBe(true)
    expect((response as { value: unknown[] }).value).toHaveLength(3)
    expect(snapshot(handle.archive)).toEqual(before)
  })
})
