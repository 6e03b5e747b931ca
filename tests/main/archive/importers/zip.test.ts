// readZip: lazy reading of good archives; unsafe names, encryption, bombs, forged sizes and damage refused with clear messages.

import { deflateSync, strToU8, zipSync } from 'fflate'
import { crc32 } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { ArchiveError } from '../../../../src/shared/errors'
import { isUnsafeZipPath, readZip } from '../../../../src/main/archive/importers/zip'
import { deflatedZeros, rawZip } from './fixtures'

function refusal(fn: () => unknown, name = 'bundle.zip'): ArchiveError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ArchiveError)
    const e = error as ArchiveError
    expect(e.message.startsWith(`${name}: `)).toBe(true)
    expect(e.message).not.toContain('\n')
    return e
  }
  throw new Error('expected a refusal')
}

describe('readZip on good archives', () => {
  const bytes = zipSync({
    'a.txt': strToU8('alpha'),
    'dir/b.xml': strToU8('<b>ünïcode</b>'.repeat(100)),
    'dir/empty.txt': new Uint8Array(0),
    'stored.bin': [new Uint8Array([1, 2, 3]), { level: 0 }]
  })

  it('lists the files with their sizes and reads them on demand', () => {
    const zip = readZip(bytes, 'bundle.zip')
    expect(zip.entries.map((e) => [e.name, e.size])).toEqual([
      ['a.txt', 5],
      ['dir/b.xml', strToU8('<b>ünïcode</b>').length * 100],
      ['dir/empty.txt', 0],
      ['stored.bin', 3]
    ])
    expect(zip.text('a.txt')).toBe('alpha')
    expect(zip.text('dir/b.xml')).toBe('<b>ünïcode</b>'.repeat(100))
    expect(zip.read('dir/empty.txt')).toEqual(new Uint8Array(0))
    expect(zip.read('stored.bin')).toEqual(new Uint8Array([1, 2, 3]))
    expect(zip.has('missing')).toBe(false)
    expect(zip.read('missing')).toBeNull()
  })
})

describe('readZip on hostile archives', () => {
  let zeros: { data: Uint8Array; crc: number }
  beforeAll(async () => {
    zeros = await deflatedZeros(2)
  })

  it('names unsafe paths: parent folders, absolute paths, backslashes, drive letters, NUL', () => {
    for (const name of [
      '../evil.txt',
      'a/../../b',
      '/etc/passwd',
      'a\\..\\b',
      'C:/Windows/x',
      'c:x',
      'a\0b'
    ]) {
      expect(isUnsafeZipPath(name)).toBe(true)
      const bytes = rawZip([{ name, data: strToU8('x'), size: 1, method: 0 }])
      expect(refusal(() => readZip(bytes, 'bundle.zip')).message).toMatch(/unsafe file name/)
    }
    for (const name of ['a.txt', 'dir/sub/b..c.txt', '..hidden', 'OEBPS/ch 1.xhtml']) {
      expect(isUnsafeZipPath(name)).toBe(false)
    }
  })

  it('refuses encrypted entries and unknown compression methods', () => {
    const encrypted = rawZip([
      { name: 'secret.txt', data: strToU8('xxxx'), size: 4, method: 0, flags: 1 }
    ])
    expect(refusal(() => readZip(encrypted, 'bundle.zip')).message).toMatch(
      /is encrypted \("secret\.txt" needs a password\)/
    )
    const bzip = rawZip([{ name: 'a.txt', data: strToU8('xxxx'), size: 4, method: 12 as 0 }])
    expect(refusal(() => readZip(bzip, 'bundle.zip')).message).toMatch(/compression method/)
  })

  it('refuses archives over the declared total, the entry count or the compression ratio', () => {
    const big = rawZip([
      { name: 'a', data: zeros.data, size: 150 * 1024 * 1024 },
      { name: 'b', data: zeros.data, size: 150 * 1024 * 1024 }
    ])
    const total = refusal(() => readZip(big, 'bundle.zip'))
    expect(total.code).toBe('TOO_LARGE')
    expect(total.message).toMatch(/more than 200 MB/)
    const many = zipSync(
      Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}`, strToU8('x')]))
    )
    expect(
      refusal(() => readZip(many, 'bundle.zip', { limits: { maxEntries: 3 } })).message
    ).toMatch(/lists 5 files; at most 3/)
    // 2 MB of zeros compress about 1,000:1: a small bomb, refused by ratio before any inflating.
    const dense = rawZip([
      { name: 'zeros', data: zeros.data, size: 2 * 1024 * 1024, crc: zeros.crc }
    ])
    expect(refusal(() => readZip(dense, 'bundle.zip')).message).toMatch(
      /compressed more than 500:1/
    )
    expect(readZip(dense, 'bundle.zip', { limits: { maxRatio: 5000 } }).read('zeros')?.length).toBe(
      2 * 1024 * 1024
    )
  })

  it('counts the bytes actually inflated: forged small sizes and the total are enforced', () => {
    const forged = rawZip([{ name: 'zeros', data: zeros.data, size: 1000 }])
    expect(refusal(() => readZip(forged, 'bundle.zip').read('zeros')).message).toMatch(
      /"zeros" unpacks to more than the archive declares/
    )
    const data = deflateSync(new Uint8Array(600_000))
    const crc = crc32(new Uint8Array(600_000))
    const two = rawZip([
      { name: 'a', data, size: 600_000, crc },
      { name: 'b', data, size: 600_000, crc }
    ])
    const zip = readZip(two, 'bundle.zip', { limits: { maxTotalBytes: 1_300_000 } })
    expect(zip.read('a')?.length).toBe(600_000)
    expect(zip.read('b')?.length).toBe(600_000)
    // Read again (a bundle's texts are read once to check, once to write): the same bytes, not
    // counted twice against the total.
    expect(zip.read('a')?.length).toBe(600_000)
    expect(
      refusal(() => readZip(two, 'bundle.zip', { limits: { maxTotalBytes: 1_100_000 } })).message
    ).toMatch(/would unpack to more than/)
  })

  it('refuses truncated archives, short or altered entries as damaged', () => {
    const bytes = zipSync({ 'a.txt': strToU8('alpha'.repeat(1000)) })
    const half = refusal(() =>
      readZip(bytes.subarray(0, bytes.length >> 1), 'bundle.zip', { label: 'this bundle' })
    )
    expect(half.message).toBe(
      'bundle.zip: this bundle is damaged or incomplete (its table of contents is missing).'
    )
    expect(refusal(() => readZip(new Uint8Array(0), 'bundle.zip')).message).toMatch(
      /damaged or incomplete/
    )
    const short = rawZip([{ name: 'a', data: deflateSync(strToU8('abc')), size: 10 }])
    expect(refusal(() => readZip(short, 'bundle.zip').read('a')).message).toMatch(
      /shorter than declared/
    )
    const wrongStored = rawZip([{ name: 'a', data: strToU8('abc'), size: 5, method: 0 }])
    expect(refusal(() => readZip(wrongStored, 'bundle.zip').read('a')).message).toMatch(
      /wrong size/
    )
    const flipped = zipSync({ 'a.txt': [strToU8('alpha beta'), { level: 0 }] })
    flipped[Buffer.from(flipped).indexOf('alpha beta')] = 0x41
    expect(refusal(() => readZip(flipped, 'bundle.zip').read('a.txt')).message).toMatch(
      /fails its checksum/
    )
    const garbage = rawZip([{ name: 'a', data: strToU8('not deflate data at all'), size: 100 }])
    expect(refusal(() => readZip(garbage, 'bundle.zip').read('a')).message).toMatch(
      /cannot be unpacked|shorter/
    )
  })
})
