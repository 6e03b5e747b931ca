// Checks a handout before any page is drawn: clear INVALID_ARGUMENT errors, warnings for what can be skipped.

import { invalid } from '../../../shared/errors'
import type { HandoutInput } from './types'

const LAYOUTS = ['full', 'excerpts', 'parallel']
const PAGE_SIZES = ['A4', 'Letter']
const NOTE_MODES = ['footnotes', 'endnotes']
const GROUPS = ['source', 'tag']

/** Throws INVALID_ARGUMENT for input that cannot be printed; returns warnings for the rest. */
export function validateInput(input: HandoutInput, maxPages: number): string[] {
  const warnings: string[] = []
  if (!input || typeof input !== 'object') throw invalid('The handout is missing.')
  if (!Number.isInteger(maxPages) || maxPages < 1) {
    throw invalid(`maxPages must be a positive whole number, not ${String(maxPages)}.`)
  }
  oneOf('layout', input.layout, LAYOUTS)
  oneOf('pageSize', input.pageSize, PAGE_SIZES)
  oneOf('notes', input.notes, NOTE_MODES)
  oneOf('groupBy', input.groupBy, GROUPS)
  if (!Number.isInteger(input.contextWords) || input.contextWords < 0) {
    throw invalid(
      `contextWords must be a whole number of words (0 or more), not ${input.contextWords}.`
    )
  }
  if (!Array.isArray(input.sources) || input.sources.length === 0) {
    throw invalid(
      'The handout has no sources: add at least one source to the set (or its sources were deleted).'
    )
  }
  if (input.layout === 'parallel' && input.sources.length < 2) {
    throw invalid(
      'The parallel layout needs two sources; this handout has one. Add a source or choose another layout.'
    )
  }
  if (input.layout === 'parallel' && input.sources.length > 2) {
    warnings.push(
      `The parallel layout prints the first two sources; ${input.sources.length - 2} more are left out.`
    )
  }
  const sourceIds = new Set<string>()
  for (const source of input.sources) {
    if (typeof source.text !== 'string')
      throw invalid(`Source ${source.label || source.id} has no text.`)
    if (sourceIds.has(source.id))
      throw invalid(`Source id ${source.id} appears twice in the handout.`)
    sourceIds.add(source.id)
    const ids = new Set<string>()
    for (const h of source.highlights ?? []) {
      const ok =
        Number.isInteger(h.start) &&
        Number.isInteger(h.end) &&
        h.start >= 0 &&
        h.start < h.end &&
        h.end <= source.text.length
      if (!ok) {
        throw invalid(
          `Highlight ${h.id} of source ${source.label} (${h.start}–${h.end}) lies outside its text of ${source.text.length} characters; re-anchor or remove it (it may be an orphan).`,
          { sourceId: source.id, highlightId: h.id }
        )
      }
      if (ids.has(h.id)) warnings.push(`Highlight ${h.id} of source ${source.label} appears twice.`)
      ids.add(h.id)
    }
  }
  const letters = new Set<string>()
  for (const tag of input.tags ?? []) {
    if (letters.has(tag.letter))
      warnings.push(`Tags share the letter ${tag.letter}; their passages look alike in greyscale.`)
    letters.add(tag.letter)
    if (!/^#[0-9a-fA-F]{6}$/.test(tag.color))
      warnings.push(`Tag ${tag.name} has no #rrggbb colour; it prints grey.`)
  }
  return warnings
}

function oneOf(name: string, value: unknown, allowed: string[]): void {
  if (!allowed.includes(value as string)) {
    throw invalid(`${name} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}.`)
  }
}
