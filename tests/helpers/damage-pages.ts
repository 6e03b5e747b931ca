// Writes garbage over pages of an archive file (plain fs, no SQLite): used by unit and e2e tests of damaged archives.

import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs'

/**
 * Writes garbage over `pages` pages starting at the middle of the file (never page 1, which holds
 * the header and the schema): the file still opens, but SQLite's checks find the broken pages.
 */
export function damagePages(path: string, pages = 2): void {
  const fd = openSync(path, 'r+')
  try {
    const { size } = statSync(path)
    const b = Buffer.alloc(2)
    readSync(fd, b, 0, 2, 16)
    const pageSize = b.readUInt16BE(0) === 1 ? 65536 : b.readUInt16BE(0)
    const count = Math.floor(size / pageSize)
    const first = Math.max(2, Math.floor(count / 2))
    const garbage = Buffer.alloc(pageSize * pages)
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) & 0xff
    writeSync(fd, garbage, 0, garbage.length, first * pageSize)
  } finally {
    closeSync(fd)
  }
}
