// CLI commands for handouts: list the saved sets, export one (or a quick one from sources and tags) as PDF.

import { ArchiveError } from '../../shared/errors'
import { HANDOUT_LAYOUTS, type HandoutLayout, type HandoutSetInput } from '../../shared/model'
import { defaultHandoutTitle } from '../../shared/titles'
import { writeAtomically } from './annotation-commands'
import { cell, print, type Command, type CommandContext } from './context'

export const handoutCommands: Command[] = [
  {
    name: 'handouts',
    usage: 'handouts',
    summary: 'List the saved handout sets',
    async run(ctx) {
      const list = await ctx.archive.listHandoutSets()
      print(ctx, list, () =>
        list.length === 0
          ? 'No handout sets.'
          : list
              .map(
                (s) =>
                  `${cell(s.id, 9)}${cell(s.layout, 10)}${cell(String(s.sourceIds.length), 4)}${s.title}`
              )
              .join('\n')
      )
      return 0
    }
  },
  {
    name: 'export-pdf',
    usage:
      'export-pdf SET_ID --out FILE | export-pdf --source ID [--source ID] [--tag NAME]… --layout full|excerpts|parallel --out FILE [--title TEXT] [--style NAME]',
    summary: 'Print a handout as PDF: a saved set, or a quick one from sources and tags',
    options: {
      out: { type: 'string' },
      source: { type: 'string', multiple: true },
      tag: { type: 'string', multiple: true },
      layout: { type: 'string' },
      title: { type: 'string' },
      'page-size': { type: 'string' },
      'max-pages': { type: 'string' },
      style: { type: 'string' }
    },
    async run(ctx) {
      const out = ctx.values.out as string | undefined
      if (!out) throw new ArchiveError('INVALID_ARGUMENT', 'export-pdf needs --out FILE.')
      const setId = ctx.positionals[0]
      const sourceIds = (ctx.values.source as string[] | undefined) ?? []
      if (!setId && sourceIds.length === 0) {
        throw new ArchiveError(
          'INVALID_ARGUMENT',
          'export-pdf needs a SET_ID (see `handouts`) or at least one --source ID.'
        )
      }
      const maxPages =
        ctx.values['max-pages'] === undefined ? undefined : Number(ctx.values['max-pages'])
      const target = await handoutTarget(ctx)
      const style = ctx.values.style as string | undefined
      const result = await ctx.archive.renderHandout(target, { maxPages, style })
      writeAtomically(out, result.pdf)
      const { pdf: _pdf, ...summary } = result
      print(ctx, { out, ...summary }, () =>
        [
          `wrote ${out} (${result.pages} page${result.pages === 1 ? '' : 's'}, ${result.bytes} bytes)`,
          ...result.warnings.map((w) => `warning: ${w}`),
          ...result.missingGlyphs.map(
            (g) =>
              `warning: no font has ${g.codePoint} “${g.char}” (${g.count}×); it prints as a replacement mark`
          )
        ].join('\n')
      )
      return 0
    }
  }
]

/** The handout an export names: a saved set (SET_ID), or a quick one from --source, --tag, --layout. */
async function handoutTarget(
  ctx: CommandContext
): Promise<{ setId: string } | { set: HandoutSetInput }> {
  const setId = ctx.positionals[0]
  const sourceIds = (ctx.values.source as string[] | undefined) ?? []
  let target: { setId: string } | { set: HandoutSetInput }
  if (setId) target = { setId }
  else {
    const layout = (ctx.values.layout as string | undefined) ?? 'excerpts'
    if (!HANDOUT_LAYOUTS.includes(layout as HandoutLayout)) {
      throw new ArchiveError(
        'INVALID_ARGUMENT',
        `--layout must be one of ${HANDOUT_LAYOUTS.join(', ')}.`
      )
    }
    const names = (ctx.values.tag as string[] | undefined) ?? []
    const tags = await ctx.archive.listTags()
    const tagIds = names.map((n) => {
      const t = tags.find((x) => x.name.toLowerCase() === n.trim().toLowerCase())
      if (!t) throw new ArchiveError('NOT_FOUND', `There is no tag named “${n}” (see \`tags\`).`)
      return t.id
    })
    const titles = await Promise.all(
      sourceIds.map(async (id) => (await ctx.archive.getSource(id)).title)
    )
    target = {
      set: {
        title: (ctx.values.title as string | undefined) ?? defaultHandoutTitle(titles),
        layout: layout as HandoutLayout,
        pageSize: (ctx.values['page-size'] as 'A4' | 'Letter' | undefined) ?? 'A4',
        sourceIds,
        selection: { mode: tagIds.length ? 'tags' : 'all', tagIds, annotationIds: [] }
      }
    }
  }
  return target
}

const EXPORT_OPTIONS = {
  out: { type: 'string' },
  source: { type: 'string', multiple: true },
  tag: { type: 'string', multiple: true },
  layout: { type: 'string' },
  title: { type: 'string' },
  'page-size': { type: 'string' },
  style: { type: 'string' }
} as const

handoutCommands.push({
  name: 'export-docx',
  usage:
    'export-docx SET_ID --out FILE | export-docx --source ID [--source ID] [--tag NAME]… --layout full|excerpts|parallel --out FILE [--title TEXT] [--style NAME]',
  summary: 'Write a handout as an editable Word document (.docx), like export-pdf',
  options: EXPORT_OPTIONS,
  async run(ctx) {
    const out = ctx.values.out as string | undefined
    if (!out) throw new ArchiveError('INVALID_ARGUMENT', 'export-docx needs --out FILE.')
    if (!ctx.positionals[0] && !((ctx.values.source as string[] | undefined) ?? []).length) {
      throw new ArchiveError(
        'INVALID_ARGUMENT',
        'export-docx needs a SET_ID (see `handouts`) or at least one --source ID.'
      )
    }
    const style = ctx.values.style as string | undefined
    const result = await ctx.archive.renderHandoutDocx(await handoutTarget(ctx), { style })
    writeAtomically(out, result.docx)
    const { docx: _docx, ...summary } = result
    print(ctx, { out, ...summary }, () =>
      [`wrote ${out} (${result.bytes} bytes)`, ...result.warnings.map((w) => `warning: ${w}`)].join(
        '\n'
      )
    )
    return 0
  }
})
