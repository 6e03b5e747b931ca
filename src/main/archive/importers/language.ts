// Guesses the language of an imported text that does not state one (franc-min's trigram profiles and scoring); unsure stays unknown.

/** Fewest letters a guess is made on: shorter texts (a title, a list of names) stay unknown. */
export const MIN_LETTERS = 100
/**
 * Smallest lead of the best language over the runner-up, in franc's distance units per character
 * of sample: measured on the seed texts (English 85, French 47) and short passages in Turkish 45,
 * Azerbaijani 71, Russian 16 (nearest rival Bulgarian), German 38; a list of names scores 0.1.
 */
export const MIN_LEAD = 8
/** Characters of the text the guess is made on: enough for a stable guess, fast on any text. */
const SAMPLE = 1000
/**
 * Characters of a first, quick guess: most texts are plain at 300. Of 2,206 letters of 2-11 kB in
 * English, the lead at 300 characters was 20.9 or more for 99% of them, 32.6 or more for 90%, and
 * every one was English.
 */
const QUICK_SAMPLE = 300
/** Lead that settles the quick guess; a closer call is made again on the whole sample. */
const SURE_LEAD = 30
/** franc's distance for a trigram a language's profile lacks (its MAX_DIFFERENCE). */
const ABSENT = 300

type Data = (typeof import('franc-min/data.js'))['data']
type Expressions = (typeof import('franc-min/expressions.js'))['expressions']
type Clean = (typeof import('trigram-utils'))['clean']

/**
 * The profiles of one script's languages as one table: for each trigram (as trigramKey numbers
 * it), the languages whose profile holds it with its rank there, packed as language × 65,536 +
 * rank. franc keeps one dictionary per language and looks every trigram of the sample up in each
 * (44 for the Latin script); here one lookup gives the few languages that have it, which makes a
 * guess many times as fast.
 */
interface ScriptProfiles {
  languages: string[]
  ranks: Map<number, Int32Array>
}

/** A trigram (three UTF-16 code units, as String.slice cuts them) as one number. */
function trigramKey(a: number, b: number, c: number): number {
  return a * 4_294_967_296 + b * 65_536 + c
}

interface Franc {
  data: Data
  expressions: Expressions
  clean: Clean
  profiles: Map<string, ScriptProfiles>
}

let loading: Promise<Franc> | null = null

/** franc-min's data and trigram-utils, loaded once on first use (ES modules; the main bundle is CommonJS). */
function load(): Promise<Franc> {
  loading ??= Promise.all([
    import('franc-min/data.js'),
    import('franc-min/expressions.js'),
    import('trigram-utils')
  ]).then(([d, e, t]) => ({
    data: d.data,
    expressions: e.expressions,
    clean: t.clean,
    profiles: new Map()
  }))
  return loading
}

function profilesOf(franc: Franc, script: string): ScriptProfiles {
  let table = franc.profiles.get(script)
  if (table) return table
  const models = franc.data[script]
  const languages = Object.keys(models)
  const dense = new Map<string, Int16Array>()
  languages.forEach((language, l) => {
    const model = models[language].split('|')
    // As franc builds its dictionaries: from the last trigram to the first, so the first rank of a
    // trigram listed twice is the one kept.
    for (let rank = model.length - 1; rank >= 0; rank--) {
      let row = dense.get(model[rank])
      if (!row) {
        row = new Int16Array(languages.length).fill(-1)
        dense.set(model[rank], row)
      }
      row[l] = rank
    }
  })
  const ranks = new Map<number, Int32Array>()
  for (const [trigram, row] of dense) {
    // A sample's trigrams are three code units each: a longer or shorter one never matches.
    if (trigram.length !== 3) continue
    const held: number[] = []
    row.forEach((rank, l) => {
      if (rank >= 0) held.push(l * 65_536 + rank)
    })
    const key = trigramKey(trigram.charCodeAt(0), trigram.charCodeAt(1), trigram.charCodeAt(2))
    ranks.set(key, Int32Array.from(held))
  }
  table = { languages, ranks }
  franc.profiles.set(script, table)
  return table
}

/**
 * How often each trigram occurs in a cleaned sample padded with a space at each end: what
 * trigram-utils' asDictionary counts, in a Map keyed by trigramKey.
 */
function trigramCounts(cleaned: string): Map<number, number> {
  const padded = ` ${cleaned} `
  const counts = new Map<number, number>()
  let a = padded.charCodeAt(0)
  let b = padded.charCodeAt(1)
  for (let i = 2; i < padded.length; i++) {
    const c = padded.charCodeAt(i)
    const key = trigramKey(a, b, c)
    counts.set(key, (counts.get(key) ?? 0) + 1)
    a = b
    b = c
  }
  return counts
}

/**
 * franc's `francAll(sample)` (franc-min 6), the best languages first with their scores (1 for the
 * best, less for the others by their distance), computed over the one-table profiles; the same
 * answers as franc's own (tests/main/archive/importers/language.test.ts compares them).
 */
export async function rankLanguages(sample: string): Promise<[string, number][]> {
  const franc = await load()
  // franc's own bounds: nothing under 10 characters, nothing past the first 2,048.
  if (sample.length < 10) return [['und', 1]]
  sample = sample.slice(0, 2048)
  // The script most of the sample is written in. Latin shares no character with the others, so
  // more than half of the sample in it settles the question without trying the other 19.
  let script = 'Latin'
  let top = (sample.match(franc.expressions.Latin)?.length ?? 0) / sample.length || 0
  if (top <= 0.5) {
    script = ''
    top = -1
    for (const [name, expression] of Object.entries(franc.expressions)) {
      const count = (sample.match(expression)?.length ?? 0) / sample.length || 0
      if (count > top) {
        top = count
        script = name
      }
    }
  }
  if (!(script in franc.data)) return top === 0 ? [['und', 1]] : [[script, 1]]
  const { languages, ranks } = profilesOf(franc, script)
  // franc sums, over the sample's trigrams, |count - rank - 1| where a language's profile holds
  // the trigram and ABSENT where it does not. Summed here as ABSENT for every trigram some profile
  // holds, less what each holder saves on it; a sum needs no order, so the counts are read as
  // they are (franc sorts them first).
  const saved = new Float64Array(languages.length)
  let held = 0
  let absentEverywhere = 0
  for (const [trigram, count] of trigramCounts(franc.clean(sample))) {
    const holders = ranks.get(trigram)
    if (!holders) {
      absentEverywhere += ABSENT
      continue
    }
    held++
    for (let k = 0; k < holders.length; k++) {
      const entry = holders[k]
      saved[entry >>> 16] += ABSENT - Math.abs(count - (entry & 0xffff) - 1)
    }
  }
  const distance = saved.map((s) => held * ABSENT - s)
  const order = languages.map((_, l) => l).sort((a, b) => distance[a] - distance[b])
  const min = distance[order[0]] + absentEverywhere
  const max = sample.length * ABSENT - min
  return order.map((l) => [languages[l], 1 - (distance[l] + absentEverywhere - min) / max || 0])
}

/**
 * The BCP 47 tag of the text's language ("en", "fr", "az"), or "" when the text is too short, the
 * guess too close to call, or the language not among the 82 that franc-min knows (those spoken by
 * 8 million people or more).
 */
export async function detectLanguage(text: string): Promise<string> {
  if (text.length > QUICK_SAMPLE) {
    const quick = await guess(text.slice(0, QUICK_SAMPLE))
    // Many small files pay the guess each: a plain case is settled on the quick sample.
    if (quick && quick.lead >= SURE_LEAD) return quick.tag
  }
  const full = await guess(text.slice(0, SAMPLE))
  return full && full.lead >= MIN_LEAD ? full.tag : ''
}

/** The best language for `sample` with its lead over the runner-up; null when it cannot tell. */
async function guess(sample: string): Promise<{ tag: string; lead: number } | null> {
  const letters = sample.match(/\p{L}/gu)?.length ?? 0
  if (letters < MIN_LETTERS) {
    await load()
    return null
  }
  const [best, second] = await rankLanguages(sample)
  if (!best || best[0] === 'und') return null
  // Scores are 1 for the best, less for the others by distance over (length x 300): undo that.
  const lead = second ? (1 - second[1]) * sample.length : Infinity
  try {
    // ISO 639-3 to the shortest tag: "eng" -> "en", "azj" (North Azerbaijani) -> "az".
    return { tag: Intl.getCanonicalLocales(best[0])[0], lead }
  } catch {
    return null
  }
}
