// Authors everywhere: every record says who made it and who changed it last, in the API, bundles and W3C files.

import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import { MIGRATIONS, openDatabase } from '../../../src/main/archive/db'
import { cli } from '../../helpers/cli'
import {
  RESOURCES,
  expectArchiveError,
  tempArchive,
  tempDir,
  type TempArchive
} from '../../helpers/archive'

let handle: TempArchive | undefined
afterEach(() => {
  handle?.cleanup()
  handle = undefined
})

describe('signing changes', () => {
  it('signs what this session makes and changes with the name set in the archive', async () => {
    handle = tempArchive({ sample: true })
    const archive = handle.archive
    await archive.setSetting('author.name', 'Leyla Mammadova')
    expect((await archive.archiveInfo()).author).toBe('Leyla Mammadova')
    const [source] = await archive.listSources()
    const a = await archive.createAnnotation({ sourceId: source.id, target: { start: 1, end: 9 } })
    expect(a.createdBy).toBe('Leyla Mammadova')
    const tag = await archive.createTag({ name: 'Rumour', color: '#336699' })
    expect(tag.createdBy).toBe('Leyla Mammadova')
    const set = await archive.createHandoutSet({ title: 'Two accounts', sourceIds: [source.id] })
    expect(set.createdBy).toBe('Leyla Mammadova')

    // Another member (the CLI's --as) changes them: the maker stays, the last changer is named.
    const other = Archive.open({ path: handle.path, resourcesDir: RESOURCES, author: 'Hamid' })
    try {
      await other.updateAnnotation(a.id, { note: 'checked' })
      await other.updateTag(tag.id, { color: '#aa3377' })
      await other.updateSource(source.id, { publisher: 'Daily Sabah' })
      const edit = await other.editSourceText(source.id, `${source.title}\n\nNew paragraph.`)
      expect(edit.changed).toBe(true)
      const b = await other.getAnnotation(a.id)
      expect([b.createdBy, b.modifiedBy]).toEqual(['Leyla Mammadova', 'Hamid'])
      const t = (await other.listTags()).find((x) => x.id === tag.id)!
      expect([t.createdBy, t.modifiedBy]).toEqual(['Leyla Mammadova', 'Hamid'])
      const s = (await other.listSources()).find((x) => x.id === source.id)!
      expect(s.modifiedBy).toBe('Hamid')
      const revisions = await other.listRevisions(source.id)
      expect(revisions.at(-1)?.createdBy).toBe('Hamid')
      expect((await other.archiveInfo()).author).toBe('Hamid')
    } finally {
      other.close()
    }
  })

  it('undo takes the name back with the change', async () => {
    handle = tempArchive({ sample: true })
    const archive = handle.archive
    await archive.setSetting('author.name', 'Leyla')
    const [source] = await archive.listSources()
    const a = await archive.createAnnotation({ sourceId: source.id, target: { start: 1, end: 9 } })
    const other = Archive.open({ path: handle.path, resourcesDir: RESOURCES, author: 'Hamid' })
    await other.updateAnnotation(a.id, { note: 'by Hamid' })
    await other.undo()
    other.close()
    expect((await archive.getAnnotation(a.id)).modifiedBy).toBe('Leyla')
  })

  it('refuses an empty or multi-line name and keeps the one it had', async () => {
    handle = tempArchive()
    const archive = handle.archive
    await archive.setSetting('author.name', 'Leyla')
    await expectArchiveError(archive.setSetting('author.name', '  '), 'INVALID_ARGUMENT', /empty/)
    await expectArchiveError(
      archive.setSetting('author.name', 'a\nb'),
      'INVALID_ARGUMENT',
      /one line/
    )
    expect((await archive.archiveInfo()).author).toBe('Leyla')
    expect(() =>
      Archive.open({ path: join(handle!.dir, 'x.parallax'), resourcesDir: RESOURCES, author: '' })
    ).toThrow(/empty/)
  })

  it('the CLI signs with --as', async () => {
    const dir = tempDir()
    const path = join(dir, 'a.parallax')
    const list = await cli('--archive', path, '--with-sample', '--json', 'list')
    const id = (JSON.parse(list.out) as { id: string; language: string }[]).find(
      (s) => s.language === 'en'
    )!.id
    const run = await cli(
      '--archive',
      path,
      '--as',
      'Student 7',
      '--json',
      'annotate',
      id,
      '--quote',
      'Baku was liberated'
    )
    expect(run.code, run.err).toBe(0)
    expect((JSON.parse(run.out) as { createdBy: string }).createdBy).toBe('Student 7')
  })
})

describe('an archive made before authors were recorded', () => {
  it('gives its existing records to the archive owner when it is opened', async () => {
    const dir = tempDir()
    const path = join(dir, 'old.parallax')
    // Schema 2: the archive as the previous version left it.
    const db = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version <= 2) })
    db.exec(`
      INSERT INTO settings (key, value) VALUES ('author.name', '"Leyla"');
      INSERT INTO sources (id, revision, content_hash, text_length, paragraph_count, created, modified, title)
        VALUES ('SRC2', 2, 'h2', 11, 1, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'Old');
      INSERT INTO revisions (source_id, n, content_hash, created, note, text) VALUES
        ('SRC2', 1, 'h1', '2025-01-01T00:00:00Z', 'Imported', 'Old text.'),
        ('SRC2', 2, 'h2', '2025-01-02T00:00:00Z', 'Edited', 'Older text.');
      INSERT INTO annotations (id, source_id, start, end, created, modified, exact)
        VALUES ('ANN2', 'SRC2', 0, 5, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'Older');`)
    db.close()
    const archive = Archive.open({ path, resourcesDir: RESOURCES })
    try {
      expect((await archive.getAnnotation('ANN2')).createdBy).toBe('Leyla')
      const revisions = await archive.listRevisions('SRC2')
      expect(revisions.map((r) => [r.n, r.createdBy, r.length, r.conflict])).toEqual([
        [1, 'Leyla', 9, false],
        [2, 'Leyla', 11, false]
      ])
      expect((await archive.getRevision('SRC2', 1)).text).toBe('Old text.')
    } finally {
      archive.close()
    }
  })
})

describe('authors travel', () => {
  it('in a W3C file as the creator, and come back as who made the annotation', async () => {
    handle = tempArchive({ sample: true })
    const archive = handle.archive
    await archive.setSetting('author.name', 'Leyla Mammadova')
    const [source] = await archive.listSources()
    await archive.createAnnotation({
      sourceId: source.id,
      target: { start: 1, end: 9 },
      note: 'mine'
    })
    const file = JSON.parse(await archive.exportAnnotations('w3c')) as {
      first: { items: { creator: unknown }[] }
    }
    expect(file.first.items[0].creator).toEqual({ type: 'Person', name: 'Leyla Mammadova' })
    const copy = tempArchive({ sample: false })
    try {
      await copy.archive.importBundle(await archive.exportBundle())
      const ids = (await copy.archive.listAnnotations()).map((a) => a.id)
      for (const id of ids) await copy.archive.deleteAnnotation(id)
      await copy.archive.setSetting('author.name', 'Someone else')
      const report = await copy.archive.importAnnotations(file)
      expect(report.imported).toBe(1)
      expect((await copy.archive.listAnnotations())[0].createdBy).toBe('Leyla Mammadova')
    } finally {
      copy.cleanup()
    }
  })

  it('a W3C item the API would refuse is rejected with the reason, the rest imported', async () => {
    handle = tempArchive({ sample: true })
    const archive = handle.archive
    const [source] = await archive.listSources()
    const target = {
      source: `urn:parallax:source:${source.id}`,
      selector: { type: 'TextPositionSelector', start: 1, end: 9 }
    }
    let n = 0
    const item = (extra: Record<string, unknown>): Record<string, unknown> => ({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: `urn:example:annotation:${++n}`,
      type: 'Annotation',
      target,
      ...extra
    })
    const report = await archive.importAnnotations([
      item({ bodyValue: 'x'.repeat(100_001) }),
      item({ created: 'last Tuesday', bodyValue: 'dated' }),
      item({
        body: { type: 'TextualBody', purpose: 'tagging', value: 'T'.repeat(101) }
      }),
      item({ creator: { type: 'Person', name: 'two\nlines' }, bodyValue: 'odd creator' }),
      item({ bodyValue: 'fine' })
    ])
    expect(report.imported).toBe(1)
    expect(report.rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/note is too long/),
      // The W3C model's own MUST on dates speaks first here.
      expect.stringMatching(/created/),
      expect.stringMatching(/name is too long/),
      expect.stringMatching(/A name is one line/)
    ])
  })
})
