// Streaming XML reading of package parts (htmlparser2): elements by local name, broken nesting refused, nothing held.

import { Parser } from 'htmlparser2'
import type { ArchiveError } from '../../../shared/errors'
import type { ZipArchive } from './zip'

export type Attrs = Record<string, string>

/** An attribute by local name ("val" finds "w:val" whatever the prefix). */
export function attr(attrs: Attrs, name: string): string | undefined {
  for (const key in attrs) if (key === name || key.endsWith(`:${name}`)) return attrs[key]
  return undefined
}

function local(name: string): string {
  const colon = name.indexOf(':')
  return colon < 0 ? name : name.slice(colon + 1)
}

/** Elements whose whole content is never text: deleted or moved-away runs, duplicate fallbacks. */
const SKIPPED = new Set(['delText', 'moveFrom', 'Fallback', 'instrText', 'del'])

export interface XmlHandlers {
  open(name: string, attrs: Attrs): void
  close(name: string): void
  text(text: string): void
}

/**
 * Streams one ZIP entry through an XML parser, calling `handlers` with local names; content of
 * SKIPPED elements is not reported. Refuses (via `damaged`) XML whose tags do not nest properly.
 * False when the entry is missing.
 */
export function streamXml(
  zip: ZipArchive,
  path: string,
  handlers: XmlHandlers,
  damaged: (why: string) => ArchiveError
): boolean {
  const stack: string[] = []
  let skip = 0
  let justOpened = false
  let broken = false
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        stack.push(name)
        justOpened = true
        const l = local(name)
        if (skip || SKIPPED.has(l)) skip++
        else handlers.open(l, attrs)
      },
      onclosetag(name, implied) {
        // An implied close is fine for <empty/> elements (right after their open), not otherwise.
        if ((implied && !justOpened) || stack.pop() !== name) broken = true
        justOpened = false
        if (skip) skip--
        else handlers.close(local(name))
      },
      ontext(text) {
        justOpened = false
        if (!skip) handlers.text(text)
      }
    },
    { xmlMode: true, decodeEntities: true }
  )
  const decoder = new TextDecoder('utf-8')
  const found = zip.stream(path, (chunk) => {
    parser.write(decoder.decode(chunk, { stream: true }))
    if (broken) throw damaged(`${JSON.stringify(path)} has broken XML`)
  })
  if (!found) return false
  parser.write(decoder.decode())
  if (stack.length) throw damaged(`${JSON.stringify(path)} ends before its XML does`)
  parser.end()
  if (broken) throw damaged(`${JSON.stringify(path)} has broken XML`)
  return true
}
