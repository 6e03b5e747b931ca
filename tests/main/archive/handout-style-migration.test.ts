// The handout-style migration: sets made before it keep printing in APA, the only style there was.

import { join } from 'node:path'
import { expect, it } from 'vitest'
import { Archive } from '../../../src/main/archive/archive'
import { MIGRATIONS, openDatabase } from '../../../src/main/archive/db'
import { RESOURCES, tempDir } from '../../helpers/archive'

it('gives sets made before it the APA style, and new sets Chicago', async () => {
  const path = join(tempDir(), 'old.parallax')
  // The schema as it was just before the migration (later ones come after it, as they would).
  const at = MIGRATIONS.find((m) => /handout-style/.test(m.name))!.version
  const before = MIGRATIONS.filter((m) => m.version < at)
  const db = openDatabase(path, { migrations: before })
  db.prepare(
    `INSERT INTO handout_sets (id, created, modified, title) VALUES ('OLDSET01', '2026-01-01', '2026-01-01', 'Old')`
  ).run()
  db.close()
  const archive = Archive.open({ path, resourcesDir: RESOURCES })
  try {
    expect((await archive.getHandoutSet('OLDSET01')).style).toBe('apa')
    expect((await archive.createHandoutSet({ title: 'New' })).style).toBe(
      'chicago-notes-bibliography'
    )
  } finally {
    archive.close()
  }
})
