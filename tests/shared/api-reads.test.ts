// Every contract method is classed as a read or a write, so the UI's save tracker follows every write and no read.

import { expect, it } from 'vitest'
import { API_METHODS } from '../../src/shared/api'
import { READ_METHODS, WRITE_METHODS, isWriteMethod } from '../../src/shared/api-reads'

it('classes each contract method as exactly one of read and write', () => {
  const reads = new Set<string>(READ_METHODS)
  const writes = new Set<string>(WRITE_METHODS)
  for (const m of API_METHODS) expect(reads.has(m) !== writes.has(m), m).toBe(true)
  expect(reads.size + writes.size).toBe(API_METHODS.length)
})

it('counts the writes the dialogs make as writes, and long waits as reads', () => {
  for (const m of ['createAnnotation', 'importBundle', 'restoreRevision', 'saveVariantSet'])
    expect(isWriteMethod(m)).toBe(true)
  for (const m of ['listSources', 'renderHandout', 'getSetting', 'watchChanges'])
    expect(isWriteMethod(m)).toBe(false)
})
