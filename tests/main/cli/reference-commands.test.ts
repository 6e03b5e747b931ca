// The CLI's reference and style commands: export and import references, a Zotero export folder, styles, export-docx.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import mammoth from 'mammoth'
import { describe, expect, it } from 'vitest'
import type { SourceSummary } from '../../../src/shared/model'
import { RESOURCES, tempDir } from '../../helpers/archive'
import { cli } from '../../helpers/cli'
import { attachmentPdf, zoteroRdf } from '../../helpers/zotero'
import { pdftotext } from '../export/pdf/tools'

async function sample(): Promise<{ path: string; dir: string; ids: string[] }> {
  const dir = tempDir()
  const path = join(dir, 'cli.parallax')
  await cli('--archive', path, '--with-sample', 'list')
  const list = JSON.parse((await cli('--archive', path, 'list', '--json')).out) as SourceSummary[]
  return { path, dir, ids: list.map((s) => s.id) }
}

describe('references on the command line', () => {
  it('export-references writes a file that import-references reads into another archive', async () => {
    const { path, dir } = await sample()
    for (const [format, ext] of [
      ['bibtex', 'bib'],
      ['ris', 'ris'],
      ['csl-json', 'json']
    ]) {
      const out = join(dir, `refs.${ext}`)
      const run = await cli(
        '--archive',
        path,
        'export-references',
        '--format',
        format,
        '--out',
        out
      )
      expect(run.code, run.err).toBe(0)
      expect(run.out).toBe(`wrote ${out} (2 references, ${format})`)
      const other = join(dir, `other-${ext}.parallax`)
      const back = await cli('--archive', other, 'import-references', out, '--json')
      expect(back.code, back.err).toBe(0)
      expect(JSON.parse(back.out).imported).toHaveLength(2)
    }
  })

  it('refuses an unknown format in one line', async () => {
    const { path } = await sample()
    const run = await cli('--archive', path, 'export-references', '--format', 'endnote')
    expect(run.code).toBe(1)
    expect(run.errLines).toEqual([
      'parallax export-references: --format must be one of bibtex, ris, csl-json.'
    ])
  })

  it('imports a Zotero export folder with its files, naming a missing attachment', async () => {
    const dir = tempDir()
    const exportDir = join(dir, 'My Library')
    mkdirSync(join(exportDir, 'files', '1'), { recursive: true })
    writeFileSync(
      join(exportDir, 'My Library.rdf'),
      zoteroRdf([
        {
          type: 'report',
          title: 'On the Caspian fleet',
          authors: [['Dunsterville', 'Lionel']],
          date: '1918',
          attachments: [{ name: 'fleet.pdf', mimeType: 'application/pdf' }]
        },
        {
          type: 'book',
          title: 'Lost file',
          attachments: [{ name: 'gone.pdf', mimeType: 'application/pdf' }]
        }
      ])
    )
    writeFileSync(join(exportDir, 'files', '1', 'fleet.pdf'), await attachmentPdf('Fleet', 1))
    const path = join(dir, 'z.parallax')
    const run = await cli('--archive', path, 'import-references', exportDir)
    expect(run.code, run.err).toBe(0)
    expect(run.out).toMatch(/^imported 2 sources, filled in 0, 0 failed/)
    expect(run.out).toContain(
      'warning: My Library.rdf, item 2 “Lost file”: its attachment files/2/gone.pdf is not among the files; imported without its text.'
    )
  })
})

describe('styles and exports', () => {
  it('export-pdf --style and export-docx print the handout in the style named', async () => {
    const { path, dir, ids } = await sample()
    const pdf = join(dir, 'h.pdf')
    const args = ['--source', ids[0], '--source', ids[1], '--layout', 'full']
    const run = await cli('--archive', path, 'export-pdf', ...args, '--style', 'mla', '--out', pdf)
    expect(run.code, run.err).toBe(0)
    expect(pdftotext(pdf)).toContain('Works Cited')
    const docx = join(dir, 'h.docx')
    const word = await cli(
      '--archive',
      path,
      'export-docx',
      ...args,
      '--style',
      'chicago',
      '--out',
      docx
    )
    expect(word.code, word.err).toBe(0)
    const html = (await mammoth.convertToHtml({ buffer: readFileSync(docx) })).value
    expect(html).toContain('Bibliography')
    const bad = await cli(
      '--archive',
      path,
      'export-pdf',
      ...args,
      '--style',
      'vancouver',
      '--out',
      pdf
    )
    expect(bad.code).toBe(1)
    expect(bad.errLines).toHaveLength(1)
    expect(bad.errLines[0]).toMatch(
      /^parallax export-pdf: There is no citation style “vancouver”; choose one of chicago-notes-bibliography, /
    )
  })

  it('styles --add takes a .csl file and refuses one that is not a style', async () => {
    const { path, dir, ids } = await sample()
    const good = join(dir, 'my-apa.csl')
    writeFileSync(
      good,
      readFileSync(join(RESOURCES, 'csl/apa.csl'), 'utf8').replace(
        '<title>APA Style 7th edition</title>',
        '<title>Our department style</title>'
      )
    )
    const added = await cli('--archive', path, 'styles', '--add', good, '--json')
    expect(added.code, added.err).toBe(0)
    const style = JSON.parse(added.out) as { id: string; title: string }
    expect(style.title).toBe('Our department style')
    expect((await cli('--archive', path, 'styles')).out).toContain('Our department style')
    const pdf = join(dir, 'dept.pdf')
    const run = await cli(
      '--archive',
      path,
      'export-pdf',
      '--source',
      ids[0],
      '--layout',
      'full',
      '--style',
      'Our department style',
      '--out',
      pdf
    )
    expect(run.code, run.err).toBe(0)
    const bad = join(dir, 'notes.csl')
    writeFileSync(bad, '<notes>not a style</notes>')
    const refused = await cli('--archive', path, 'styles', '--add', bad)
    expect(refused.code).toBe(1)
    expect(refused.errLines).toEqual([
      'parallax styles: notes.csl is not a valid CSL style: it has no <style> element in the CSL namespace (http://purl.org/net/xbiblio/csl).'
    ])
  })
})
