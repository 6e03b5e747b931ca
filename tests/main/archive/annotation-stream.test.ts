// The streamed W3C export is the collection exportAnnotations('w3c') returns, for every scope, and the CLI writes it to --out.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempArchive, tempDir } from '../../helpers/archive'
import { cli } from '../../helpers/cli'
import { populate } from '../../helpers/populated'

async function streamed(
  archive: ReturnType<typeof tempArchive>['archive'],
  scope?: object
): Promise<string> {
  let text = ''
  await archive.writeW3CExport(scope, (piece) => {
    text += piece
  })
  return text
}

describe('writeW3CExport', () => {
  it('writes the same collection as exportAnnotations, for the archive, a source and a tag', async () => {
    const { archive } = tempArchive({ sample: true })
    const made = await populate(archive)
    const tags = await archive.listTags()
    for (const scope of [
      undefined,
      { sourceId: made.sourceIds[1] },
      { tagId: tags[0].id },
      { sourceId: made.sourceIds[0], tagId: tags[5].id }
    ]) {
      const text = await streamed(archive, scope)
      const expected = await archive.exportAnnotations('w3c', scope)
      expect(JSON.parse(text)).toEqual(JSON.parse(expected))
      expect(text).toBe(expected)
    }
  })

  it('is what `export-annotations --format w3c --out FILE` writes', async () => {
    const { archive, path } = tempArchive({ sample: true })
    await populate(archive)
    const expected = await archive.exportAnnotations('w3c')
    archive.close()
    const out = join(tempDir(), 'out.jsonld')
    const run = await cli('--archive', path, 'export-annotations', '--format', 'w3c', '--out', out)
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(expected))
  })
})
