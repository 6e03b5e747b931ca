// CLI commands for variant spellings (Baku = Bakı = Bakou = Bakü = Баку), which searches expand through.

import { ArchiveError } from '../../shared/errors'
import { print, type Command } from './context'

export const variantCommands: Command[] = [
  {
    name: 'variants',
    usage: 'variants',
    summary: 'List the variant spellings searches treat as one word',
    async run(ctx) {
      const sets = await ctx.archive.listVariantSets()
      print(ctx, sets, () =>
        sets.length === 0
          ? 'No variant sets.'
          : sets.map((s) => `${s.id}  ${s.terms.join(' = ')}`).join('\n')
      )
      return 0
    }
  },
  {
    name: 'variant',
    usage: 'variant add TERM TERM… | variant set ID TERM TERM… | variant delete ID',
    summary: 'Add, replace or delete a set of variant spellings',
    async run(ctx) {
      const [action, ...rest] = ctx.positionals
      if (action === 'add') {
        const set = await ctx.archive.saveVariantSet({ terms: rest })
        print(ctx, set, () => `added ${set.id}  ${set.terms.join(' = ')}`)
      } else if (action === 'set') {
        const [id, ...terms] = rest
        if (!id)
          throw new ArchiveError('INVALID_ARGUMENT', 'variant set needs an ID (see `variants`).')
        const set = await ctx.archive.saveVariantSet({ id, terms })
        print(ctx, set, () => `updated ${set.id}  ${set.terms.join(' = ')}`)
      } else if (action === 'delete') {
        if (!rest[0])
          throw new ArchiveError('INVALID_ARGUMENT', 'variant delete needs an ID (see `variants`).')
        await ctx.archive.deleteVariantSet(rest[0])
        print(ctx, { deleted: rest[0] }, () => `deleted ${rest[0]}`)
      } else {
        throw new ArchiveError('INVALID_ARGUMENT', 'variant takes add, set or delete.')
      }
      return 0
    }
  }
]
