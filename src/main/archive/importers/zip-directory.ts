// The ZIP central directory and entry locations, read from bytes in memory (ZIP64 included).

import type { ArchiveError } from '../../../shared/errors'
import type { ZipEntry } from './zip'

/** An entry as the central directory describes it, with what reading it needs. */
export interface RawEntry extends ZipEntry {
  method: number
  offset: number
  crc: number
}

export type Fail = (code: 'UNSUPPORTED_FILE' | 'TOO_LARGE', reason: string) => ArchiveError

/** Parses the end-of-central-directory record (ZIP64 included) and every central directory entry. */
export function readCentralDirectory(
  bytes: Uint8Array,
  maxEntries: number,
  label: string,
  damaged: (why: string) => ArchiveError,
  fail: Fail
): RawEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const u16 = (at: number): number => view.getUint16(at, true)
  const u32 = (at: number): number => view.getUint32(at, true)
  const u64 = (at: number): number => Number(view.getBigUint64(at, true))
  // The end record sits in the last 22 bytes plus an optional comment of up to 65,535 bytes.
  let eocd = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (u32(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw damaged('its table of contents is missing')
  let count = u16(eocd + 10)
  let cdOffset = u32(eocd + 16)
  if (
    (count === 0xffff || cdOffset === 0xffffffff) &&
    eocd >= 20 &&
    u32(eocd - 20) === 0x07064b50
  ) {
    const z64 = u64(eocd - 12)
    if (z64 + 56 > bytes.length || u32(z64) !== 0x06064b50) throw damaged('bad ZIP64 record')
    count = u64(z64 + 32)
    cdOffset = u64(z64 + 48)
  }
  if (count > maxEntries)
    throw fail('TOO_LARGE', `${label} lists ${count} files; at most ${maxEntries} are accepted.`)
  const names = new TextDecoder('utf-8')
  const entries: RawEntry[] = []
  let at = cdOffset
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || u32(at) !== 0x02014b50) throw damaged('broken table of contents')
    const flags = u16(at + 8)
    const method = u16(at + 10)
    let compressedSize = u32(at + 20)
    let size = u32(at + 24)
    const nameLen = u16(at + 28)
    const extraLen = u16(at + 30)
    let offset = u32(at + 42)
    const end = at + 46 + nameLen + extraLen + u16(at + 32)
    if (end > bytes.length) throw damaged('broken table of contents')
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLen))
    // ZIP64 sizes live in extra field 0x0001, in this order, only for the fields set to 0xffffffff.
    const extraEnd = at + 46 + nameLen + extraLen
    for (let x = at + 46 + nameLen; x + 4 <= extraEnd; x += 4 + u16(x + 2)) {
      if (u16(x) === 0x0001) {
        let p = x + 4
        if (size === 0xffffffff) {
          size = u64(p)
          p += 8
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(p)
          p += 8
        }
        if (offset === 0xffffffff) offset = u64(p)
      }
    }
    if (flags & 1 || method === 99) {
      throw fail(
        'UNSUPPORTED_FILE',
        `${label} is encrypted (${JSON.stringify(name)} needs a password); remove the password and try again.`
      )
    }
    if (method !== 0 && method !== 8) {
      throw fail(
        'UNSUPPORTED_FILE',
        `${label} uses a compression method Parallax cannot read (method ${method} for ${JSON.stringify(name)}).`
      )
    }
    entries.push({ name, size, compressedSize, method, offset, crc: u32(at + 16) })
    at = end
  }
  return entries
}

/** The compressed bytes of an entry, located through its local header. */
export function entryData(
  bytes: Uint8Array,
  entry: RawEntry,
  damaged: (why: string) => ArchiveError
): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const at = entry.offset
  if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) {
    throw damaged(`${JSON.stringify(entry.name)} is missing`)
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true)
  if (start + entry.compressedSize > bytes.length) {
    throw damaged(`${JSON.stringify(entry.name)} is cut off`)
  }
  return bytes.subarray(start, start + entry.compressedSize)
}
