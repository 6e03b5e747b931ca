// Notes' Markdown, lexed by marked (GFM); warmed once while the app is idle, so the first source opened with notes does not pay for it.

import { Lexer, type Token } from 'marked'

/** A note's block tokens (see Markdown.svelte, which builds elements from them, never HTML). */
export function lexNote(source: string): Token[] {
  return new Lexer({ gfm: true }).lex(source)
}

/** Every kind of block and inline token the notes show, once each. */
const SAMPLE =
  '# Note\n\nA *short* **note** with `code`, ~~struck~~, a [link](https://example.org) and ' +
  'www.example.org.\n\n- one\n- two\n\n1. first\n\n> quoted\n\n    code\n'

let warmed = false

/**
 * Lexes a sample note once. marked's first run compiles its expressions and costs about as much
 * as lexing a few thousand notes afterwards (about 9 ms in Chromium here, most of the Markdown
 * work of opening a source with notes); the app calls this when the page is first idle.
 */
export function warmMarkdown(): void {
  if (warmed) return
  warmed = true
  lexNote(SAMPLE)
}
