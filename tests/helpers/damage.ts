// Test helper: real archives made damaged (garbage over pages in the middle of the file) for the recovery tests.

import { join } from 'node:path'
import { Archive } from '../../src/main/archive/archive'
import { RESOURCES, tempDir } from './archive'

export { damagePages } from './damage-pages'

/** An archive with the sample and `extra` more sources of a few KB each, closed; returns its path. */
export async function archiveWithSources(extra = 120, dir = tempDir()): Promise<string> {
  const path = join(dir, 'damaged.parallax')
  const archive = Archive.open({ path, resourcesDir: RESOURCES, withSample: true })
  for (let i = 0; i < extra; i++) {
    await archive.createSource({
      title: `Letter ${i}`,
      text: `Letter number ${i}.\n\n${'The harbour was quiet that morning. '.repeat(60 + (i % 7))}`
    })
  }
  archive.close()
  return path
}
