// CLI commands over the codebook, annotations, links, source edits and annotation exchange.

import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join, basename } from 'node:path'
import { ArchiveError } from '../../shared/errors'
import type { Annotation, AnnotationExportFormat, Tag } from '../../shared/model'
import type { Archive } from '../archive/archive'
import { cell, print, type Command, type CommandContext } from './context'
import { streamToFile } from './stream-file'

function need(value: string | undefined, message: string): string {
  if (!value) throw new ArchiveError('INVALID_ARGUMENT', message)
  return value
}

async function tagByName(archive: Archive, name: string): Promise<Tag> {
  const tag = (await archive.listTags()).find(
    (t) => t.name.toLowerCase() === name.trim().toLowerCase()
  )
  if (!tag) throw new ArchiveError('NOT_FOUND', `There is no tag named “${name}” (see \`tags\`).`)
  return tag
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    throw new ArchiveError('NOT_FOUND', `${path}: no such file.`)
  }
}

/** Writes a file through a temporary name, so a failed export leaves no partial file. */
export function writeAtomically(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
  try {
    writeFileSync(tmp, data)
    renameSync(tmp, path)
  } catch (error) {
    throw new ArchiveError(
      'IO',
      `Cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`
    )
  }
}

function annotationLines(list: Annotation[], tags: Tag[]): string {
  if (list.length === 0) return 'No annotations.'
  const names = new Map(tags.map((t) => [t.id, t.name]))
  return list
    .map((a) => {
      const where = a.status === 'orphan' ? 'orphan' : `¶${a.paragraph} ${a.start}-${a.end}`
      const tagText = a.tagIds.map((id) => names.get(id) ?? id).join(', ')
      return `${a.id}  ${a.sourceId}  ${cell(where, 16)}  “${a.exact.replace(/\s+/g, ' ')}”${tagText ? `  [${tagText}]` : ''}${a.note ? `\n    ${a.note.replace(/\s+/g, ' ')}` : ''}`
    })
    .join('\n')
}

async function listAnnotationsCommand(ctx: CommandContext, status?: 'orphan'): Promise<number> {
  const tagName = ctx.values.tag as string | undefined
  const tagId = tagName ? (await tagByName(ctx.archive, tagName)).id : undefined
  const list = await ctx.archive.listAnnotations({
    sourceId: ctx.values.source as string | undefined,
    tagId,
    status
  })
  const tags = await ctx.archive.listTags()
  print(ctx, list, () => annotationLines(list, tags))
  return 0
}

export const annotationCommands: Command[] = [
  {
    name: 'tags',
    usage: 'tags',
    summary: 'List the codebook with keys and counts',
    async run(ctx) {
      const tags = await ctx.archive.listTags()
      print(ctx, tags, () =>
        tags.length === 0
          ? 'The codebook is empty.'
          : tags
              .map(
                (t) =>
                  `${t.key ?? ' '}  ${t.color}  ${cell(t.name, 22)}${cell(String(t.count), 6)}${t.description}`
              )
              .join('\n')
      )
      return 0
    }
  },
  {
    name: 'tag',
    usage: 'tag NAME [--color HEX] [--key N] [--description TEXT] [--group TEXT]',
    summary: 'Create a tag, or update the one with that name',
    options: {
      color: { type: 'string' },
      key: { type: 'string' },
      description: { type: 'string' },
      group: { type: 'string' }
    },
    async run(ctx) {
      const name = need(ctx.positionals.join(' ').trim(), 'tag needs a NAME.')
      const patch = {
        color: ctx.values.color as string | undefined,
        key:
          ctx.values.key === undefined
            ? undefined
            : ctx.values.key === 'none'
              ? null
              : Number(ctx.values.key),
        description: ctx.values.description as string | undefined,
        group: ctx.values.group as string | undefined
      }
      const existing = (await ctx.archive.listTags()).find(
        (t) => t.name.toLowerCase() === name.toLowerCase()
      )
      const tag = existing
        ? await ctx.archive.updateTag(existing.id, patch)
        : await ctx.archive.createTag({ name, ...patch })
      print(
        ctx,
        tag,
        () =>
          `${existing ? 'updated' : 'created'} ${tag.id}  ${tag.name}  ${tag.color}${tag.key ? `  key ${tag.key}` : ''}`
      )
      return 0
    }
  },
  {
    name: 'annotate',
    usage: 'annotate SOURCE_ID --quote TEXT [--occurrence N] [--tag NAME]… [--note TEXT]',
    summary: 'Mark a passage found by its words with tags and a note',
    options: {
      quote: { type: 'string' },
      occurrence: { type: 'string' },
      tag: { type: 'string', multiple: true },
      note: { type: 'string' }
    },
    async run(ctx) {
      const sourceId = need(ctx.positionals[0], 'annotate needs a SOURCE_ID (see `list`).')
      const quote = need(ctx.values.quote as string | undefined, 'annotate needs --quote TEXT.')
      const names = (ctx.values.tag as string[] | undefined) ?? []
      const tagIds = await Promise.all(names.map(async (n) => (await tagByName(ctx.archive, n)).id))
      const occurrence =
        ctx.values.occurrence === undefined ? undefined : Number(ctx.values.occurrence)
      const a = await ctx.archive.createAnnotation({
        sourceId,
        target: { quote, occurrence },
        tagIds,
        note: ctx.values.note as string | undefined
      })
      print(ctx, a, () => `annotated ${a.id}  ¶${a.paragraph} ${a.start}-${a.end}  “${a.exact}”`)
      return 0
    }
  },
  {
    name: 'annotations',
    usage: 'annotations [--source ID] [--tag NAME]',
    summary: 'List annotations in text order',
    options: { source: { type: 'string' }, tag: { type: 'string' } },
    run: (ctx) => listAnnotationsCommand(ctx)
  },
  {
    name: 'orphans',
    usage: 'orphans [--source ID]',
    summary: 'List annotations that lost their place after an edit',
    options: { source: { type: 'string' }, tag: { type: 'string' } },
    run: (ctx) => listAnnotationsCommand(ctx, 'orphan')
  },
  {
    name: 'link',
    usage: 'link ANNOTATION_ID ANNOTATION_ID --relation NAME [--note TEXT]',
    summary: 'Link two passages (agrees, contradicts, adds-detail, same-event, translation-of, …)',
    options: { relation: { type: 'string' }, note: { type: 'string' } },
    async run(ctx) {
      const [from, to] = ctx.positionals
      if (!from || !to) throw new ArchiveError('INVALID_ARGUMENT', 'link needs two ANNOTATION_IDs.')
      const relation = need(
        ctx.values.relation as string | undefined,
        'link needs --relation NAME.'
      )
      const link = await ctx.archive.createLink({
        from,
        to,
        relation,
        note: ctx.values.note as string | undefined
      })
      print(ctx, link, () => `linked ${link.id}  ${link.from} ${link.relation} ${link.to}`)
      return 0
    }
  },
  {
    name: 'edit-source',
    usage: 'edit-source ID --text-file FILE [--note TEXT]',
    summary: 'Replace a source’s text (new revision); annotations re-anchor',
    options: { 'text-file': { type: 'string' }, note: { type: 'string' } },
    async run(ctx) {
      const id = need(ctx.positionals[0], 'edit-source needs a source ID.')
      const file = need(
        ctx.values['text-file'] as string | undefined,
        'edit-source needs --text-file FILE.'
      )
      const result = await ctx.archive.editSourceText(
        id,
        readText(file),
        ctx.values.note as string | undefined
      )
      print(ctx, result, () =>
        result.changed
          ? `revision ${result.revision}: ${result.kept} kept, ${result.moved} moved, ${result.orphaned} orphaned${result.reattached ? `, ${result.reattached} re-attached` : ''}`
          : 'The text is unchanged; no new revision.'
      )
      return 0
    }
  },
  {
    name: 'export-annotations',
    usage: 'export-annotations --format w3c|csv|md [--source ID] [--tag NAME] --out FILE',
    summary: 'Write annotations as W3C JSON-LD, CSV or Markdown',
    options: {
      format: { type: 'string' },
      source: { type: 'string' },
      tag: { type: 'string' },
      out: { type: 'string' }
    },
    async run(ctx) {
      const format = need(
        ctx.values.format as string | undefined,
        'export-annotations needs --format w3c, csv or md.'
      )
      if (!['w3c', 'csv', 'md'].includes(format))
        throw new ArchiveError('INVALID_ARGUMENT', '--format must be w3c, csv or md.')
      const out = need(ctx.values.out as string | undefined, 'export-annotations needs --out FILE.')
      const tagName = ctx.values.tag as string | undefined
      const tagId = tagName ? (await tagByName(ctx.archive, tagName)).id : undefined
      const scope = { sourceId: ctx.values.source as string | undefined, tagId }
      let bytes: number
      if (format === 'w3c') {
        // Streamed a source at a time: a million annotations never sit in memory at once.
        bytes = await streamToFile(out, (write) => ctx.archive.writeW3CExport(scope, write))
      } else {
        const text = await ctx.archive.exportAnnotations(format as AnnotationExportFormat, scope)
        writeAtomically(out, text)
        bytes = Buffer.byteLength(text)
      }
      print(ctx, { out, bytes }, () => `wrote ${out} (${bytes} bytes)`)
      return 0
    }
  },
  {
    name: 'import-annotations',
    usage: 'import-annotations FILE',
    summary: 'Import W3C Web Annotations (JSON-LD) that target sources of this archive',
    async run(ctx) {
      const file = need(ctx.positionals[0], 'import-annotations needs a FILE.')
      let json: unknown
      try {
        json = JSON.parse(readText(file))
      } catch (error) {
        if (error instanceof ArchiveError) throw error
        throw new ArchiveError(
          'INVALID_ARGUMENT',
          `${file} is not JSON: ${(error as Error).message}`
        )
      }
      const report = await ctx.archive.importAnnotations(json)
      print(ctx, report, () =>
        [
          `imported ${report.imported} annotations and ${report.links} links; ${report.duplicates} already present`,
          ...report.rejected.map(
            (r) => `rejected #${r.index}${r.id ? ` (${r.id})` : ''}: ${r.reason}`
          )
        ].join('\n')
      )
      return report.rejected.length > 0 ? 1 : 0
    }
  }
]
