// CLI commands for working together: agreement figures of a source, and comparing two coders.

import { FIGURE_MEANINGS, type AgreementReport } from '../../shared/agreement'
import { agreementCsv, formatFigure } from '../../shared/agreement-source'
import type { Comparison } from '../../shared/compare-coders'
import { ArchiveError } from '../../shared/errors'
import { writeAtomically } from './annotation-commands'
import { cell, print, type Command } from './context'

function members(raw: string | boolean | string[] | undefined): string[] | undefined {
  if (typeof raw !== 'string') return undefined
  const list = raw
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean)
  return list.length ? list : undefined
}

function need(value: string | boolean | string[] | undefined, message: string): string {
  if (typeof value !== 'string' || !value) throw new ArchiveError('INVALID_ARGUMENT', message)
  return value
}

/** The agreement table as text: one line per tag, reasons under it, the figures' meanings last. */
export function agreementTable(report: AgreementReport): string {
  const lines = [
    `Agreement on “${report.title}” (${report.paragraphs} paragraphs)`,
    `Coders: ${report.coders.join(', ') || 'none'}`
  ]
  if (report.missing.length)
    lines.push(`Missing (did not code this source): ${report.missing.join(', ')}`)
  if (report.reason) return [...lines, '', `No figures: ${report.reason}.`].join('\n')
  lines.push(
    '',
    `${cell('Tag', 24)}  ${'Percent'.padStart(8)}  ${'Kappa'.padStart(7)}  ${'Alpha'.padStart(7)}  ${'Overlap'.padStart(7)}`
  )
  for (const r of report.rows) {
    lines.push(
      `${cell(r.tagName, 24)}  ${formatFigure(r.percent, true).padStart(8)}  ${formatFigure(r.kappa).padStart(7)}  ${formatFigure(r.alpha).padStart(7)}  ${formatFigure(r.overlap).padStart(7)}`
    )
    const reasons = new Set(
      [r.percent, r.kappa, r.alpha, r.overlap].map((f) => f.reason).filter(Boolean)
    )
    for (const why of reasons) lines.push(`    — ${why}`)
  }
  lines.push('', ...Object.values(FIGURE_MEANINGS))
  return lines.join('\n')
}

function comparisonText(c: Comparison): string {
  const side = (m: { createdBy: string }): string => m.createdBy
  const lines = [
    `“${c.title}”: ${c.a.join(', ')} (A) and ${c.b.join(', ')} (B)`,
    `${c.marksA.length} marks by A, ${c.marksB.length} by B, ${c.matching} matching, ${c.agreed.length} settled, ${c.differences.length} differences`
  ]
  const what = {
    'only-a': 'marked by A only',
    'only-b': 'marked by B only',
    tags: 'same passage, other tags',
    extent: 'overlapping, other extents'
  }
  for (const d of c.differences) {
    lines.push(
      `¶${d.paragraph}  ${cell(what[d.kind], 27)} ${[d.a, d.b]
        .filter((x) => x !== null)
        .map((x) => `${side(x)}: “${cell(x.exact, 40).trim()}”`)
        .join('  ')}`
    )
  }
  return lines.join('\n')
}

export const agreementCommands: Command[] = [
  {
    name: 'agreement',
    usage: 'agreement --source ID [--tag NAME] [--members A,B,…] [--csv FILE]',
    summary:
      "Agreement between coders on a source: percent, Cohen's kappa, Krippendorff's alpha, overlap",
    options: {
      source: { type: 'string' },
      tag: { type: 'string' },
      members: { type: 'string' },
      csv: { type: 'string' }
    },
    async run(ctx) {
      const report = await ctx.archive.agreement({
        sourceId: need(ctx.values.source, 'Say which source: --source ID.'),
        tag: ctx.values.tag as string | undefined,
        members: members(ctx.values.members)
      })
      const csv = ctx.values.csv
      if (typeof csv === 'string') {
        if (csv === '-') {
          ctx.io.out(agreementCsv(report).trimEnd())
          return 0
        }
        writeAtomically(csv, agreementCsv(report))
      }
      print(ctx, report, () => agreementTable(report))
      return 0
    }
  },
  {
    name: 'compare',
    usage: 'compare --source ID --a NAME[,NAME…] --b NAME[,NAME…]',
    summary: 'Where two coders (or two groups of members) differ on a source',
    options: {
      source: { type: 'string' },
      a: { type: 'string' },
      b: { type: 'string' }
    },
    async run(ctx) {
      const comparison = await ctx.archive.compareCoders({
        sourceId: need(ctx.values.source, 'Say which source: --source ID.'),
        a: members(ctx.values.a) ?? [],
        b: members(ctx.values.b) ?? []
      })
      print(ctx, comparison, () => comparisonText(comparison))
      return 0
    }
  }
]
