// Limits importers enforce while they read, so a hostile file is stopped early instead of after exhausting memory.

import { ArchiveError } from '../../../shared/errors'
import { MAX_TEXT_LENGTH } from '../sources'

/**
 * Most bytes of markup parsed into a DOM at once (one HTML page, one EPUB chapter or package
 * file, read with linkedom): a DOM costs 15-35 times its markup in memory (measured: a 7 MB page
 * of long paragraphs reads within a 320 MB heap, 8 MB of dense inline markup takes 264 MB), so
 * larger markup is refused before parsing rather than left to run into the worker's heap cap.
 * Word bodies are streamed and not bound by this.
 */
export const MAX_DOM_BYTES = 16 * 1024 * 1024

/** Counts the characters an importer has produced and refuses the file once they pass the limit. */
export class TextBudget {
  private used = 0

  constructor(
    private readonly name: string,
    readonly limit = MAX_TEXT_LENGTH
  ) {}

  /** Adds `n` characters; throws TOO_LARGE as soon as the total passes the limit. */
  add(n: number): void {
    this.used += n
    if (this.used > this.limit) throw tooMuchText(this.name, this.limit)
  }

  get total(): number {
    return this.used
  }
}

/** The refusal for a file whose text is longer than a source may hold. */
export function tooMuchText(name: string, limit = MAX_TEXT_LENGTH): ArchiveError {
  return new ArchiveError(
    'TOO_LARGE',
    `${name}: its text is longer than ${limit.toLocaleString('en')} characters, the most one source holds; split it and import the parts.`
  )
}

/** The refusal for markup too large to parse into a DOM within the import's memory. */
export function tooMuchMarkup(name: string, what: string, bytes: number): ArchiveError {
  const mb = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`
  return new ArchiveError(
    'TOO_LARGE',
    `${name}: ${what} is ${mb(bytes)} of markup; Parallax reads at most ${mb(MAX_DOM_BYTES)} of it at once; split it and import the parts.`
  )
}
