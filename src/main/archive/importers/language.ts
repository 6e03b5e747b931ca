// Guesses the language of an imported text that does not state one (franc-min's trigram profiles); unsure stays unknown.

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
 * Characters of a first, quick guess. franc's time grows with the sample (0.44 ms at 300
 * characters against 1.37 ms at 1,000 on these machines), and most texts are plain at 300: of
 * 2,206 letters of 2-11 kB in English, the lead at 300 characters was 20.9 or more for 99% of
 * them, 32.6 or more for 90%, and every one was English.
 */
const QUICK_SAMPLE = 300
/** Lead that settles the quick guess; a closer call is made again on the whole sample. */
const SURE_LEAD = 30

type Franc = typeof import('franc-min')
let loading: Promise<Franc> | null = null

/**
 * The BCP 47 tag of the text's language ("en", "fr", "az"), or "" when the text is too short, the
 * guess too close to call, or the language not among the 82 that franc-min knows (those spoken by
 * 8 million people or more).
 */
export async function detectLanguage(text: string): Promise<string> {
  // franc-min is an ES module; loaded once, on first call (the main bundle is CommonJS).
  loading ??= import('franc-min')
  const { francAll } = await loading
  if (text.length > QUICK_SAMPLE) {
    const quick = guess(francAll, text.slice(0, QUICK_SAMPLE))
    // Many small files pay the guess each: a plain case is settled on the quick sample.
    if (quick && quick.lead >= SURE_LEAD) return quick.tag
  }
  const full = guess(francAll, text.slice(0, SAMPLE))
  return full && full.lead >= MIN_LEAD ? full.tag : ''
}

/** franc's best language for `sample` with its lead over the runner-up; null when it cannot tell. */
function guess(francAll: Franc['francAll'], sample: string): { tag: string; lead: number } | null {
  const letters = sample.match(/\p{L}/gu)?.length ?? 0
  if (letters < MIN_LETTERS) return null
  const [best, second] = francAll(sample, { minLength: MIN_LETTERS })
  if (!best || best[0] === 'und') return null
  // franc scores the best 1 and the others by distance over (length x 300): undo the scaling.
  const lead = second ? (1 - second[1]) * sample.length : Infinity
  try {
    // ISO 639-3 to the shortest tag: "eng" -> "en", "azj" (North Azerbaijani) -> "az".
    return { tag: Intl.getCanonicalLocales(best[0])[0], lead }
  } catch {
    return null
  }
}
