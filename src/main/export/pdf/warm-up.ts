// Getting the first handout of a session ready ahead of time: engines loaded, fonts parsed, a page drawn.

import { renderHandout } from './render'
import type { HandoutInput } from './types'

const TEXT = 'A passage to tag, with a note, so that the first real handout draws quickly.'

/** A one-page handout that uses what every handout uses: citation, highlight, note, legend. */
function tinyHandout(): HandoutInput {
  return {
    title: 'Warm-up',
    subtitle: '',
    author: '',
    introduction: 'Read *both* accounts.',
    layout: 'full',
    pageSize: 'A4',
    notes: 'footnotes',
    groupBy: 'source',
    contextWords: 5,
    language: 'en',
    keywords: [],
    tags: [{ id: 'claim', name: 'Claim', color: '#E69F00', letter: 'C', description: '' }],
    sources: [
      {
        id: 'warm-up',
        label: 'A',
        title: 'Warm-up',
        creators: [{ name: 'Parallax', role: 'author' }],
        publisher: 'Parallax',
        date: '2026',
        language: 'en',
        kind: 'report',
        url: '',
        accessed: '',
        license: '',
        text: TEXT,
        highlights: [
          {
            id: 'h',
            start: 2,
            end: 9,
            tagIds: ['claim'],
            note: 'A *note*.',
            question: '',
            paragraph: 1
          }
        ]
      }
    ],
    links: [],
    // A style that is quick to read (MLA: tens of milliseconds): the warm-up loads citeproc and
    // the locales without holding the process for the seconds Chicago's or APA's file takes.
    style: { id: 'modern-language-association' }
  }
}

/**
 * Makes the first handout of a session quick: loads citeproc and its locales, reads and
 * parses the fonts and draws a one-page handout in memory (nothing is written). The first preview
 * otherwise waits about two seconds for all of that. The app calls this once it is idle.
 */
export async function warmUpExport(fontsDir: string): Promise<void> {
  await renderHandout(tinyHandout(), { fontsDir })
}
