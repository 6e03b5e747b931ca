// CLI set-metadata: edits a source's metadata fields through the contract's updateSource.

import { ArchiveError } from '../../shared/errors'
import { CREATOR_ROLES, type Creator, type SourceMetaPatch } from '../../shared/model'
import { print, type Command } from './context'

/** Text fields set as given ("" clears one); creators and kind are read below. */
const TEXT_FIELDS = [
  'title',
  'publisher',
  'date',
  'language',
  'url',
  'license',
  'accessed',
  'description'
] as const

/** "Family, Given" or "Name (role)": the role one of CREATOR_ROLES, author when left out. */
function creator(text: string): Creator {
  const m = /^(.*?)\s*\((\w+)\)\s*$/.exec(text)
  if (m && (CREATOR_ROLES as readonly string[]).includes(m[2])) {
    return { name: m[1], role: m[2] as Creator['role'] }
  }
  return { name: text.trim(), role: 'author' }
}

export const setMetadataCommand: Command = {
  name: 'set-metadata',
  usage:
    'set-metadata ID [--title T] [--creator "NAME (role)"]… [--date D] [--language TAG] [--kind K] [--publisher P] [--url U] [--license L] [--accessed D] [--description T]',
  summary: 'Set a source’s metadata fields ("" clears one; --creator replaces the creators)',
  options: {
    ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, { type: 'string' as const }])),
    kind: { type: 'string' },
    creator: { type: 'string', multiple: true }
  },
  async run(ctx) {
    const [id] = ctx.positionals
    if (!id) throw new ArchiveError('INVALID_ARGUMENT', 'give a source ID (see `list`).')
    const patch: Record<string, unknown> = {}
    for (const field of [...TEXT_FIELDS, 'kind']) {
      const value = ctx.values[field]
      if (typeof value === 'string') patch[field] = value
    }
    const creators = ctx.values.creator
    if (Array.isArray(creators)) {
      patch.creators = creators.filter((c) => c.trim() !== '').map(creator)
    }
    if (Object.keys(patch).length === 0) {
      throw new ArchiveError(
        'INVALID_ARGUMENT',
        'give at least one field to set, such as --language fr or --date 1918-09-15.'
      )
    }
    const summary = await ctx.archive.updateSource(id, patch as SourceMetaPatch)
    print(ctx, summary, () => {
      const changed = Object.keys(patch)
        .map((k) => {
          const v = summary[k as keyof typeof summary]
          const shown = Array.isArray(v)
            ? (v as Creator[]).map((c) => c.name).join('; ')
            : String(v)
          return `${k}: ${shown || '(empty)'}`
        })
        .join(', ')
      return `${summary.id} ${summary.title}: ${changed}`
    })
    return 0
  }
}
