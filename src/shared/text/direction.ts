// The direction of a piece of text from its first strong letter, and quotation marks that read right in it.

const RTL =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}\p{Script=Samaritan}\p{Script=Mandaic}]/u
const LETTER = /\p{L}/u

/** 'rtl' when the first letter of `text` belongs to a right-to-left script, else 'ltr'. */
export function textDirection(text: string): 'rtl' | 'ltr' {
  const m = LETTER.exec(text)
  return m && RTL.test(m[0]) ? 'rtl' : 'ltr'
}

/**
 * `text` between quotation marks for its direction: “…” in left-to-right text; in right-to-left
 * text the marks Arabic and Hebrew use (”…“), which then show the right way round.
 */
export function quoted(text: string, dir: 'rtl' | 'ltr' = textDirection(text)): string {
  return dir === 'rtl' ? `”${text}“` : `“${text}”`
}
