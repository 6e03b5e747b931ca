// The read-only method list names only methods of the contract, and the writes the UI tracks are the rest.

import { expect, it } from 'vitest'
import { API_METHODS } from '../../src/shared/api'
import { READ_METHODS, isWriteMethod } from '../../src/shared/api-reads'

it('every read method is a contract method, and changing methods count as writes', () => {
  for (const m of READ_METHODS) expect(API_METHODS).toContain(m)
  for (const m of ['createAnnotation', 'importBundle', 'restoreRevision', 'saveVariantSet'])
    expect(isWriteMethod(m)).toBe(true)
  for (const m of ['listSources', 'renderHandout', 'getSetting'])
    expect(isWriteMethod(m)).toBe(false)
})
