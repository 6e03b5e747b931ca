// Markdown export of annotations, grouped by source, for notes apps (Obsidian, Zettlr, plain text).

import type { AnnotationRow } from './annotation-rows'

function quoteBlock(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n')
}

/** "Creators (date). *Title*. Publisher. <url>. Licence" — or the title first when nobody is named. */
function citation(r: AnnotationRow): string {
  const date = r.date ? ` (${r.date})` : ''
  const head = r.creators
    ? [`${r.creators}${date}`, `*${r.sourceTitle}*`]
    : [`*${r.sourceTitle}*${date}`]
  return [...head, r.publisher, r.url ? `<${r.url}>` : '', r.license].filter(Boolean).join('. ')
}

export function toMarkdown(rows: readonly AnnotationRow[], title: string): string {
  const out: string[] = [`# ${title}`, '']
  const bySource = new Map<string, AnnotationRow[]>()
  for (const r of rows) bySource.set(r.sourceId, [...(bySource.get(r.sourceId) ?? []), r])
  for (const group of bySource.values()) {
    out.push(`## ${group[0].sourceTitle}`, '', citation(group[0]), '')
    for (const r of group) {
      out.push(quoteBlock(r.passage), '')
      const meta = [
        r.status === 'orphan' ? 'orphaned (not found in the current text)' : `¶${r.paragraph}`
      ]
      if (r.tags.length) meta.push(`Tags: ${r.tags.join(', ')}`)
      out.push(`— ${meta.join(' · ')}`, '')
      if (r.note.trim()) out.push(r.note.trim(), '')
      for (const link of r.links) out.push(`- ${link}`)
      if (r.links.length) out.push('')
    }
  }
  return `${out.join('\n').trimEnd()}\n`
}
