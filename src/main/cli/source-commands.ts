// CLI commands over sources: import, list, show, search, set-metadata.

import { ArchiveError } from '../../shared/errors'
import { SOURCE_SORT_KEYS, type SourceSortKey } from '../../shared/model'
import { bulkImport, summaryLine } from './bulk-import'
import { cell, print, type Command } from './context'
import { setMetadataCommand } from './metadata-command'

export const sourceCommands: Command[] = [
  {
    name: 'import',
    usage: 'import FILE|FOLDER|GLOB…',
    summary:
      'Import files (text, Markdown, HTML, DOCX, PDF, EPUB), folders and globs; progress on stderr',
    async run(ctx) {
      if (ctx.positionals.length === 0)
        throw new ArchiveError(
          'INVALID_ARGUMENT',
          'import needs at least one FILE, FOLDER or GLOB.'
        )
      const report = await bulkImport(ctx.archive, ctx.positionals, ctx.io.err)
      print(ctx, report, () => summaryLine(report))
      return report.failed.length > 0 ? 1 : 0
    }
  },
  {
    name: 'list',
    usage: 'list [--filter TEXT] [--sort KEY] [--descending]',
    summary: 'List the sources',
    options: {
      filter: { type: 'string' },
      sort: { type: 'string' },
      descending: { type: 'boolean' }
    },
    async run(ctx) {
      const sort = ctx.values.sort as string | undefined
      if (sort !== undefined && !SOURCE_SORT_KEYS.includes(sort as SourceSortKey)) {
        throw new ArchiveError(
          'INVALID_ARGUMENT',
          `--sort must be one of ${SOURCE_SORT_KEYS.join(', ')}.`
        )
      }
      const list = await ctx.archive.listSources({
        filter: ctx.values.filter as string | undefined,
        sort: sort as SourceSortKey | undefined,
        descending: ctx.values.descending === true
      })
      print(ctx, list, () =>
        list.length === 0
          ? 'No sources.'
          : [
              `${cell('ID', 9)}${cell('DATE', 11)}${cell('LANG', 5)}${cell('KIND', 13)}${cell('NOTES', 6)}TITLE`,
              ...list.map(
                (s) =>
                  `${cell(s.id, 9)}${cell(s.date || '-', 11)}${cell(s.language || '-', 5)}${cell(s.kind, 13)}${cell(String(s.annotationCount), 6)}${s.title}`
              )
            ].join('\n')
      )
      return 0
    }
  },
  {
    name: 'show',
    usage: 'show ID',
    summary: 'Print a source: metadata, then its text',
    async run(ctx) {
      const [id] = ctx.positionals
      if (!id) throw new ArchiveError('INVALID_ARGUMENT', 'show needs a source ID (see `list`).')
      const s = await ctx.archive.getSource(id)
      print(ctx, s, () => {
        const rows: [string, string][] = [
          ['Title', s.title],
          [
            'Creators',
            s.creators
              .map((c) => (c.role === 'author' ? c.name : `${c.name} (${c.role})`))
              .join('; ')
          ],
          ['Publisher', s.publisher],
          ['Date', s.date],
          ['Language', s.language],
          ['Kind', s.kind],
          ['URL', s.url],
          ['Licence', s.license],
          ['Accessed', s.accessed],
          ['Description', s.description],
          [
            'ID',
            `${s.id} (revision ${s.revision}, ${s.paragraphs} paragraphs, ${s.annotationCount} annotations)`
          ]
        ]
        return `${rows
          .filter(([, v]) => v)
          .map(([k, v]) => `${`${k}:`.padEnd(13)}${v}`)
          .join('\n')}\n\n${s.text}`
      })
      return 0
    }
  },
  {
    name: 'search',
    usage: 'search QUERY [--limit N]',
    summary: 'Search every source (words, "phrases", prefix*, OR, -exclude)',
    options: { limit: { type: 'string' } },
    freeText: true,
    async run(ctx) {
      const query = ctx.positionals.join(' ')
      const limit = ctx.values.limit === undefined ? undefined : Number(ctx.values.limit)
      const results = await ctx.archive.search(query, { limit })
      print(ctx, results, () => {
        if (results.hits.length === 0) return `No passage matches ${JSON.stringify(query)}.`
        return results.hits
          .map((h) => {
            let snippet = ''
            let at = 0
            for (const m of h.marks) {
              snippet += `${h.snippet.slice(at, m.start)}[${h.snippet.slice(m.start, m.end)}]`
              at = m.end
            }
            snippet += h.snippet.slice(at)
            const where =
              h.field === 'title' ? 'title' : `¶${h.paragraph} @${h.matches[0]?.start ?? 0}`
            return `${h.sourceId}  ${where}  ${h.sourceTitle}\n    ${h.clippedStart ? '…' : ''}${snippet.replace(/\s+/g, ' ')}${h.clippedEnd ? '…' : ''}`
          })
          .join('\n')
      })
      return 0
    }
  },
  setMetadataCommand
]
