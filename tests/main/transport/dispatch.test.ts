// dispatch(): the whole per-call logic of IPC and HTTP — method lookup, argument arrays, and the { ok, value | error } envelope.

import { afterEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../../src/main/transport/dispatch'
import type { ArchiveApi } from '../../../src/shared/api'
import { apiOf, tempArchive, type TempArchive } from '../../helpers/archive'

let handle: TempArchive | undefined
afterEach(() => {
  handle?.cleanup()
  handle = undefined
})

describe('dispatch', () => {
  it('calls a method with its arguments and wraps the value', async () => {
    handle = tempArchive({ sample: true })
    const response = await dispatch(apiOf(handle.archive), 'search', ['baki', { limit: 1 }])
    expect(response.ok).toBe(true)
    if (response.ok) expect((response.value as { hits: unknown[] }).hits).toHaveLength(1)
  })

  it('answers null for methods that return nothing', async () => {
    handle = tempArchive()
    expect(await dispatch(apiOf(handle.archive), 'setSetting', ['k', 1])).toEqual({
      ok: true,
      value: null
    })
    expect(await dispatch(apiOf(handle.archive), 'getSetting', ['k'])).toEqual({
      ok: true,
      value: 1
    })
  })

  it('refuses names that are not contract methods, including inherited ones', async () => {
    handle = tempArchive()
    for (const name of ['close', 'database', 'constructor', 'toString', 'installSampleIfNew', '']) {
      const response = await dispatch(apiOf(handle.archive), name, [], () => undefined)
      expect(response).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    }
    expect(handle.archive.database.open).toBe(true)
  })

  it('refuses arguments that are not an array', async () => {
    handle = tempArchive()
    const response = await dispatch(apiOf(handle.archive), 'listSources', { sort: 'title' })
    expect(response).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  })

  it('passes ArchiveErrors as payloads without logging them', async () => {
    handle = tempArchive()
    const logged: string[] = []
    const response = await dispatch(apiOf(handle.archive), 'getSource', ['NOPE2345'], (m) =>
      logged.push(m)
    )
    expect(response).toEqual({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: expect.stringMatching(/No source/),
        details: { id: 'NOPE2345' }
      }
    })
    expect(logged).toEqual([])
  })

  it('turns an unexpected error into INTERNAL and logs it', async () => {
    const failing = {
      listSources: async () => {
        throw new TypeError('boom')
      }
    } as unknown as ArchiveApi
    const logged: string[] = []
    const response = await dispatch(failing, 'listSources', [], (m) => logged.push(m))
    expect(response).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } })
    expect(logged.join('\n')).toMatch(/listSources failed: TypeError: boom/)
  })
})
