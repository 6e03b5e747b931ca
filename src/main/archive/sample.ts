// The sample archive: the two seed sources with their metadata, a starter codebook and variant sets.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SourceMeta } from '../../shared/model'
import type { Db } from './db'
import { checkSourceInput, insertSource, replaceText } from './sources'
import { checkTagInput, createTag } from './tags'
import { checkVariantSet, saveVariantSet } from './variants'

interface SampleManifest {
  name: string
  sources: {
    file: string
    meta: SourceMeta
    /** Cleaning steps, each stored as a revision so the original text stays recoverable. */
    revisions: { note: string; replace: { from: string; to: string }[] }[]
  }[]
  codebook: { name: string; color: string; key: number; group: string; description: string }[]
  variantSets: string[][]
}

export function sampleDir(resourcesDir: string): string {
  return join(resourcesDir, 'sample-archive')
}

/** Adds the sample sources (text exactly as shipped, cleaning as later revisions), codebook and variants. */
export function installSample(db: Db, resourcesDir: string): string {
  const dir = sampleDir(resourcesDir)
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as SampleManifest
  for (const entry of manifest.sources) {
    const text = readFileSync(join(dir, entry.file), 'utf8')
    const checked = checkSourceInput({
      ...entry.meta,
      text,
      origin: { fileName: entry.file, format: 'sample', encoding: 'utf-8' }
    })
    const id = insertSource(db, checked, 'Imported from the seed file, unchanged')
    let current = checked.text
    for (const revision of entry.revisions) {
      for (const r of revision.replace) {
        if (!current.includes(r.from))
          throw new Error(`sample cleaning: "${r.from}" not in ${entry.file}`)
        current = current.replace(r.from, r.to)
      }
      replaceText(db, id, current, revision.note)
    }
  }
  for (const tag of manifest.codebook) {
    createTag(db, checkTagInput(tag, false) as typeof tag)
  }
  for (const terms of manifest.variantSets) saveVariantSet(db, checkVariantSet({ terms }))
  return manifest.name
}
