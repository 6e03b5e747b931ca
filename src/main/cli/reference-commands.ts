// CLI commands for references: export sources as BibTeX/RIS/CSL-JSON, import reference files (and Zotero exports), add a .csl style.

import { readFileSync, readdirSync, statSync } from 'node:fs'
import { basename, dirname, join, relative } from 'node:path'
import { ArchiveError } from '../../shared/errors'
import { REFERENCE_FORMATS, type ImportFile, type ReferenceFormat } from '../../shared/model'
import { writeAtomically } from './annotation-commands'
import { cell, print, type Command } from './context'

/** Files under a folder, recursively, named by their path relative to `base` ("files/12/a.pdf"). */
function folderFiles(dir: string, base: string, out: ImportFile[]): void {
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue
    const path = join(dir, name)
    const st = statSync(path)
    if (st.isDirectory()) folderFiles(path, base, out)
    else if (st.isFile())
      out.push({ name: relative(base, path).split('\\').join('/'), data: readFileSync(path) })
  }
}

function readArgument(path: string): ImportFile[] {
  let st
  try {
    st = statSync(path)
  } catch {
    throw new ArchiveError('NOT_FOUND', `There is no file or folder ${path}.`)
  }
  const out: ImportFile[] = []
  // A Zotero export is a folder (the .rdf and its files/ folder), or the .rdf inside it.
  if (st.isDirectory()) folderFiles(path, path, out)
  else if (/\.rdf$/i.test(path)) folderFiles(dirname(path), dirname(path), out)
  else out.push({ name: basename(path), data: readFileSync(path) })
  return out
}

export const referenceCommands: Command[] = [
  {
    name: 'export-references',
    usage: 'export-references --format bibtex|ris|csl-json [--set ID | --source ID …] --out FILE',
    summary:
      'Write the metadata of sources (all, a handout set’s, or the ones named) as BibTeX, RIS or CSL-JSON',
    options: {
      format: { type: 'string' },
      set: { type: 'string' },
      source: { type: 'string', multiple: true },
      out: { type: 'string' }
    },
    async run(ctx) {
      const format = (ctx.values.format as string | undefined) ?? 'bibtex'
      if (!REFERENCE_FORMATS.includes(format as ReferenceFormat)) {
        throw new ArchiveError(
          'INVALID_ARGUMENT',
          `--format must be one of ${REFERENCE_FORMATS.join(', ')}.`
        )
      }
      const out = ctx.values.out as string | undefined
      const sources = ctx.values.source as string[] | undefined
      const setId = ctx.values.set as string | undefined
      const scope = setId ? { setId } : sources?.length ? { sourceIds: sources } : undefined
      const text = await ctx.archive.exportReferences(format as ReferenceFormat, scope)
      if (!out) {
        ctx.io.out(text.replace(/\s+$/, ''))
        return 0
      }
      writeAtomically(out, text)
      const count =
        format === 'csl-json'
          ? (JSON.parse(text) as unknown[]).length
          : (text.match(/^(@\w+\{|TY {2}- )/gm) ?? []).length
      print(
        ctx,
        { out, format, count },
        () => `wrote ${out} (${count} reference${count === 1 ? '' : 's'}, ${format})`
      )
      return 0
    }
  },
  {
    name: 'import-references',
    usage: 'import-references FILE|FOLDER… [--strict]',
    summary:
      'Import .bib, .ris, CSL-JSON or a Zotero RDF export with its files; items matching a source fill in its metadata',
    options: { strict: { type: 'boolean' } },
    async run(ctx) {
      if (!ctx.positionals.length) {
        throw new ArchiveError(
          'INVALID_ARGUMENT',
          'import-references needs a reference file or a Zotero export folder.'
        )
      }
      const files = ctx.positionals.flatMap(readArgument)
      const report = await ctx.archive.importReferences(files, {
        strict: ctx.values.strict === true
      })
      print(ctx, report, () =>
        [
          `imported ${report.imported.length} source${report.imported.length === 1 ? '' : 's'}, filled in ${report.updated.length}, ${report.failed.length} failed${report.written ? '' : ' (nothing written)'}`,
          ...report.imported.map((s) => `  + ${cell(s.id, 9)}${s.title}`),
          ...report.updated.map(
            (u) =>
              `  = ${cell(u.sourceId, 9)}${u.title}: ${u.fields.length ? `filled in ${u.fields.join(', ')}` : 'already complete'} (${u.entry})`
          ),
          ...report.failed.map((f) => `failed: ${f.message}`),
          ...report.warnings.map((w) => `warning: ${w}`)
        ].join('\n')
      )
      return report.failed.length && !report.written ? 1 : 0
    }
  },
  {
    name: 'styles',
    usage: 'styles [--add FILE.csl]',
    summary: 'List the citation styles handouts can use, or add one from a .csl file',
    options: { add: { type: 'string' } },
    async run(ctx) {
      const add = ctx.values.add as string | undefined
      if (add) {
        let xml: string
        try {
          xml = readFileSync(add, 'utf8')
        } catch {
          throw new ArchiveError('NOT_FOUND', `There is no file ${add}.`)
        }
        const style = await ctx.archive.addCitationStyle(xml, basename(add))
        print(ctx, style, () => `added ${style.id}: ${style.title} (${style.class})`)
        return 0
      }
      const list = await ctx.archive.listCitationStyles()
      print(ctx, list, () =>
        list
          .map(
            (s) => `${cell(s.id, 30)}${cell(s.class, 9)}${s.builtin ? '' : '(added) '}${s.title}`
          )
          .join('\n')
      )
      return 0
    }
  }
]
