// Handout fixtures: the two real seed texts of resources/sample-archive, and one short text naming Baku in every script.

import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { paragraphAt, paragraphRanges } from '../../../../src/main/export/pdf/highlights'
import type {
  HandoutHighlight,
  HandoutInput,
  HandoutSource,
  HandoutTag
} from '../../../../src/main/export/pdf/types'

export const ROOT = resolve(__dirname, '../../../..')
export const FONTS_DIR = join(ROOT, 'resources/fonts')
const SAMPLE = join(ROOT, 'resources/sample-archive')

interface ManifestSource {
  file: string
  meta: Omit<HandoutSource, 'id' | 'label' | 'text' | 'highlights'> & { description: string }
  revisions: { replace: { from: string; to: string }[] }[]
}

const manifest = JSON.parse(readFileSync(join(SAMPLE, 'manifest.json'), 'utf8')) as {
  sources: ManifestSource[]
  codebook: { name: string; color: string; description: string }[]
}

const LETTERS: Record<string, string> = {
  Person: 'P',
  Place: 'G',
  Date: 'D',
  Claim: 'C',
  Number: 'N',
  'Loaded language': 'L',
  Attribution: 'W'
}

/** The starter codebook as handout tags (ids are the lower-case names). */
export const TAGS: HandoutTag[] = manifest.codebook.map((c) => ({
  id: c.name.toLowerCase(),
  name: c.name,
  color: c.color,
  letter: LETTERS[c.name],
  description: c.description
}))

/** A seed source as the archive stores it (its recorded revisions applied). */
export function seedSource(index: 0 | 1, label: string): HandoutSource {
  const m = manifest.sources[index]
  let text = readFileSync(join(SAMPLE, m.file), 'utf8').normalize('NFC')
  for (const r of m.revisions) for (const { from, to } of r.replace) text = text.replace(from, to)
  return {
    id: `src-${index}`,
    label,
    title: m.meta.title,
    creators: m.meta.creators,
    publisher: m.meta.publisher,
    date: m.meta.date,
    language: m.meta.language,
    kind: m.meta.kind,
    url: m.meta.url,
    accessed: m.meta.accessed || '2026-11-01',
    license: m.meta.license,
    text: text.replace(/\s+$/, ''),
    highlights: []
  }
}

/** Adds a highlight on the first occurrence of `phrase` (fails loudly when the phrase is absent). */
export function mark(
  source: HandoutSource,
  id: string,
  phrase: string,
  tagIds: string[],
  note = '',
  question = ''
): HandoutHighlight {
  const start = source.text.indexOf(phrase)
  if (start < 0) throw new Error(`"${phrase}" is not in source ${source.label}`)
  const paragraph = paragraphAt(paragraphRanges(source.text), start).number
  const h = { id, start, end: start + phrase.length, tagIds, note, question, paragraph }
  source.highlights.push(h)
  return h
}

/** The two seed sources with highlights (one overlapping pair), notes, questions and two links. */
export function seedHandout(
  layout: HandoutInput['layout'],
  extra: Partial<HandoutInput> = {}
): HandoutInput {
  const en = seedSource(0, 'A')
  const fr = seedSource(1, 'B')
  mark(
    en,
    'en-gangs',
    'Bolshevik and Armenian gangs',
    ['loaded language'],
    'Framing of the opponents: *gangs*, not armies.',
    'Whose words are these?'
  )
  mark(en, 'en-army', 'Caucasus Islamic Army', ['person'])
  mark(
    en,
    'en-date',
    'On Sept. 15, 1918, after 30 hours of intense clashes, Baku was liberated',
    ['date'],
    'The only exact date in either source.'
  )
  mark(
    en,
    'en-liberated',
    'Baku was liberated',
    ['claim', 'loaded language'],
    'Compare with source B: **who** entered the city?',
    'What does each account say happened?'
  )
  mark(en, 'en-martyrs', '1,130 martyrs', ['number'], 'A figure to check against other accounts.')
  mark(
    fr,
    'fr-forces',
    'forces soviétiques, puis anglo-arméniennes',
    ['person'],
    'Compare with “Bolshevik and Armenian gangs” in A.'
  )
  mark(
    fr,
    'fr-entered',
    "l'armée de Nouri Pacha est entrée à Bakou le .",
    ['claim'],
    'Date missing in this copy (lost in extraction).'
  )
  return {
    title: 'Baku, September 1918: two accounts',
    subtitle: 'A news report and an encyclopedia article',
    author: 'Ms. Aliyeva, History 10B',
    introduction:
      'Read both accounts of **15 September 1918**. Mark *who* speaks, and what each calls it.\n\n- Underline loaded words.\n- Compare the dates.',
    layout,
    pageSize: 'A4',
    notes: 'footnotes',
    groupBy: 'source',
    contextWords: 8,
    language: 'en',
    keywords: ['Baku', '1918', 'Caucasus Islamic Army'],
    tags: TAGS.filter((t) =>
      ['person', 'date', 'claim', 'number', 'loaded language'].includes(t.id)
    ),
    sources: [en, fr],
    links: [
      {
        id: 'link-1',
        from: { sourceId: en.id, highlightId: 'en-gangs' },
        to: { sourceId: fr.id, highlightId: 'fr-forces' },
        relation: 'names the same opponents as',
        note: ''
      },
      {
        id: 'link-2',
        from: { sourceId: en.id, highlightId: 'en-liberated' },
        to: { sourceId: fr.id, highlightId: 'fr-entered' },
        relation: 'same event as',
        note: 'Liberation or conquest?'
      }
    ],
    ...extra
  }
}

/** Baku (and a few more words) in each script a handout must print. */
export const WORDS = {
  Armenian: 'Բաքու',
  Georgian: 'ბაქო',
  Hebrew: 'באקו',
  Arabic: 'باكو',
  Greek: 'Μπακού',
  Russian: 'Баку',
  Azerbaijani: 'Bakı Azərbaycan',
  Turkish: 'İstanbul Şişli Ağaoğlu'
}

/** A source in many scripts: a Latin paragraph naming Baku in each, then RTL paragraphs. */
export function multiScriptHandout(): HandoutInput {
  const source = seedSource(0, 'A')
  source.title = 'Baku in many scripts'
  source.language = ''
  source.text = [
    Object.entries(WORDS)
      .map(([language, word]) => `${language}: ${word}.`)
      .join(' ') + ' Chinese: 巴库 (no shipped font has it).',
    'باكو هي عاصمة أذربيجان (1918).',
    'באקו היא בירת אזרבייג׳ן, 1918.',
    'Mixed: the city (باكو) fell in 1918.'
  ].join('\n\n')
  source.highlights = []
  mark(source, 'ar', 'باكو هي عاصمة', ['claim'], 'Arabic passage')
  mark(source, 'he', 'בירת', ['place'])
  mark(source, 'az', 'Bakı Azərbaycan', ['place'], 'Azerbaijani spelling, with ə and dotless ı')
  return {
    title: 'Baku in many scripts',
    subtitle: 'Ա ბ ב ب Μ Б ə',
    author: '',
    introduction: '',
    layout: 'full',
    pageSize: 'A4',
    notes: 'footnotes',
    groupBy: 'source',
    contextWords: 5,
    language: 'en',
    keywords: [],
    tags: TAGS.filter((t) => t.id === 'claim' || t.id === 'place'),
    sources: [source],
    links: []
  }
}
