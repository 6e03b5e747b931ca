// HTML import: article extraction, page metadata, declared charsets, and hostile pages (scripts, handlers, deep nesting).

import { describe, expect, it } from 'vitest'
import { ArchiveError } from '../../../../src/shared/errors'
import { importHtml } from '../../../../src/main/archive/importers/html'
import { estimateNesting } from '../../../../src/main/archive/importers/html-parse'
import { isScriptUrl } from '../../../../src/main/archive/importers/html-text'
import { articleParagraphs, newsPage } from './fixtures'

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

/** Encodes text in a single-byte legacy encoding, using the platform decoder's own table. */
function singleByte(text: string, encoding: string): Uint8Array {
  const table = new Map<string, number>()
  const decoded = new TextDecoder(encoding).decode(Uint8Array.from({ length: 256 }, (_, i) => i))
  Array.from(decoded).forEach((ch, i) => table.set(ch, i))
  return Uint8Array.from(Array.from(text), (ch) => {
    const b = table.get(ch)
    if (b === undefined) throw new Error(`${ch} is not in ${encoding}`)
    return b
  })
}

function expectRefusal(
  fn: () => unknown,
  name: string,
  pattern: RegExp,
  code = 'UNSUPPORTED_FILE'
): void {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ArchiveError)
    const e = error as ArchiveError
    expect(e.code).toBe(code)
    expect(e.message.startsWith(`${name}: `)).toBe(true)
    expect(e.message).not.toContain('\n')
    expect(e.message).toMatch(pattern)
    return
  }
  throw new Error('expected a refusal')
}

/** Plain-text rules every importer keeps: blank-line paragraphs, trimmed, single spaces. */
function expectCleanParagraphs(text: string): void {
  expect(text).toBe(text.trim())
  for (const p of text.split('\n\n')) {
    expect(p).not.toBe('')
    expect(p).toBe(p.trim())
    expect(p).not.toMatch(/ {2}/)
  }
  expect(text).not.toMatch(/\n{3,}/)
}

describe('importHtml on a saved news page', () => {
  const paragraphs = articleParagraphs(8)
  const doc = importHtml(utf8(newsPage({ paragraphs })), 'strike.html')

  it('keeps the article: every paragraph, the subheading and the list items, each as a paragraph', () => {
    const parts = doc.text.split('\n\n')
    for (const p of paragraphs) expect(parts).toContain(p)
    expect(parts).toContain('What the workers won')
    expect(parts).toContain('• Higher wages for night shifts.')
    expect(parts).toContain('• A shorter working day in summer.')
    expect(doc.text).toContain('browse the archive')
    expectCleanParagraphs(doc.text)
  })

  it('drops scripts, styles, handlers, javascript: links, forms, navigation and page furniture', () => {
    for (const leak of [
      'SCRIPT-TEXT-LEAK',
      'STYLE-TEXT-LEAK',
      'HANDLER-LEAK',
      'JS-LINK-LEAK',
      'FORM-LEAK',
      'NAV-LEAK',
      'NOSCRIPT-LEAK',
      'alert',
      'trackingId',
      'Advertisement',
      'football',
      'All rights reserved'
    ]) {
      expect(doc.text).not.toContain(leak)
    }
  })

  it('reads the metadata from OpenGraph, JSON-LD, <link> and <html lang>', () => {
    expect(doc.meta).toMatchObject({
      title: 'Strike at the Harbour Ends After Nine Days',
      creators: [
        { name: 'Jane Doe', role: 'author' },
        { name: 'Richard Roe', role: 'author' }
      ],
      publisher: 'The Harbour Gazette',
      date: '2024-03-05',
      language: 'tr',
      url: 'https://gazette.example/2024/03/strike-ends',
      license: 'https://creativecommons.org/licenses/by/4.0/',
      description: 'The nine-day strike at the harbour ended on Friday.',
      kind: 'article'
    })
    expect(doc.origin).toEqual({ fileName: 'strike.html', format: 'html', encoding: 'utf-8' })
  })

  it('falls back to <title> without the site name, then JSON-LD publisher, when OpenGraph is missing', () => {
    const html = `<html><head><title>Grain Riots in Odessa – The Archive</title>
      <script type="application/ld+json">{"@type":"Article","publisher":{"name":"The Archive"},
      "author":"Mehmet Öz","datePublished":"1905-06-14"}</script></head>
      <body><article><p>${articleParagraphs(3).join('</p><p>')}</p></article></body></html>`
    const { meta } = importHtml(utf8(html), 'riots.html')
    expect(meta.title).toBe('Grain Riots in Odessa')
    expect(meta.publisher).toBe('The Archive')
    expect(meta.creators).toEqual([{ name: 'Mehmet Öz', role: 'author' }])
    expect(meta.date).toBe('1905-06-14')
  })
})

describe('importHtml on fragments and odd pages', () => {
  it('reads a fragment without <html> whole: headings, paragraphs, lists, line breaks, tables, pre', () => {
    const html = `<h2>Petition of 1905</h2>
<p>We, the   undersigned
   workers,</p><p>ask for<br>bread and peace.</p>
<ol start="3"><li>First demand</li><li>Second demand</li></ol>
<table><tr><th>Name</th><th>Trade</th></tr><tr><td>Ivan</td><td>Smith</td></tr></table>
<pre>  line one
    indented two</pre>
<p hidden>HIDDEN-LEAK</p><p style="display: none">HIDDEN-LEAK</p>`
    const doc = importHtml(utf8(html), 'petition_1905.htm')
    expect(doc.text).toBe(
      [
        'Petition of 1905',
        'We, the undersigned workers,',
        'ask for\nbread and peace.',
        '3. First demand',
        '4. Second demand',
        'Name\tTrade\nIvan\tSmith',
        '  line one\n    indented two'
      ].join('\n\n')
    )
    expect(doc.meta.title).toBe('petition 1905')
  })

  it("keeps a list item's number with its text when the item holds paragraphs or other blocks", () => {
    const html = `<ol><li><p>First demand: bread.</p><p>It was granted.</p></li>
<li>
  <p>Second demand: peace.</p>
</li><li><div><b>Third</b> demand</div></li><li></li></ol><p>After the list.</p>
<ul><li><p>Point</p><ul><li><p>Sub-point</p></li></ul></li></ul>`
    expect(importHtml(utf8(html), 'demands.html').text.split('\n\n')).toEqual([
      '1. First demand: bread.',
      'It was granted.',
      '2. Second demand: peace.',
      '3. Third demand',
      'After the list.',
      '• Point',
      '• Sub-point'
    ])
  })

  it('refuses a page with no text at all, saying scripts are not run', () => {
    const html = '<html><body><div id="app"></div><script>render()</script></body></html>'
    expectRefusal(() => importHtml(utf8(html), 'app.html'), 'app.html', /no text/)
  })

  it('recognises javascript: URLs however they are disguised', () => {
    for (const href of [
      'javascript:alert(1)',
      ' JaVaScRiPt:x',
      'java\tscript:x',
      '\u0001javascript:x',
      'vbscript:x'
    ]) {
      expect(isScriptUrl(href)).toBe(true)
    }
    for (const href of ['https://example.org/javascript:', '/js/page', '#top', null]) {
      expect(isScriptUrl(href)).toBe(false)
    }
    const html = '<p>Keep this. <a href=" jAvA&#x09;script:alert(1)">LINK-LEAK</a></p>'
    expect(importHtml(utf8(html), 'x.html').text).toBe('Keep this.')
  })
})

describe('importHtml character sets', () => {
  const russian = 'Манифест 17 октября 1905 года даровал гражданские свободы.'

  it('decodes a windows-1251 page declared with <meta charset>', () => {
    const html = `<html><head><meta charset="windows-1251"><title>Манифест</title></head><body><p>${russian}</p></body></html>`
    const doc = importHtml(singleByte(html, 'windows-1251'), 'manifest.html')
    expect(doc.text).toBe(russian)
    expect(doc.meta.title).toBe('Манифест')
    expect(doc.origin.encoding).toBe('windows-1251')
  })

  it('decodes an ISO-8859-9 (Turkish) page declared through http-equiv', () => {
    const turkish = 'Cumhuriyet ilan edildi; Ankara başkent oldu. Şehir ışıklarla süslendi.'
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-9"></head><body><p>${turkish}</p></body></html>`
    const doc = importHtml(singleByte(html, 'iso-8859-9'), 'cumhuriyet.html')
    expect(doc.text).toBe(turkish)
    // WHATWG maps ISO-8859-9 onto its superset windows-1254.
    expect(doc.origin.encoding).toBe('windows-1254')
  })

  it('decodes a Shift_JIS page declared through http-equiv', () => {
    const head = utf8(
      `<html><head><meta http-equiv="content-type" content='text/html;charset=Shift_JIS'></head><body><p>`
    )
    // 日本語の歴史 ("the history of the Japanese language") in Shift_JIS.
    const body = [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea, 0x82, 0xcc, 0x97, 0xf0, 0x8e, 0x6a]
    const bytes = new Uint8Array([...head, ...body, ...utf8('</p></body></html>')])
    const doc = importHtml(bytes, 'nihongo.html')
    expect(doc.text).toBe('日本語の歴史')
    expect(doc.origin.encoding).toBe('shift_jis')
  })

  it('detects an undeclared legacy encoding, and trusts a BOM over a wrong declaration', () => {
    const french = 'L’élève arrivé à l’école communale écrivit à sa mère.'
    const undeclared = singleByte(`<p>${french}</p>`, 'windows-1252')
    expect(importHtml(undeclared, 'eleve.html').text).toBe(french)
    const bom = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...utf8(`<meta charset="windows-1251"><p>${french}</p>`)
    ])
    expect(importHtml(bom, 'bom.html').text).toBe(french)
  })
})

describe('importHtml on deeply nested markup', () => {
  it('refuses 100,000 nested <div>s quickly, with a clear message and no stack overflow', () => {
    const n = 100_000
    const html = `<!doctype html><html><body>${'<div>'.repeat(n)}deep${'</div>'.repeat(n)}</body></html>`
    const started = Date.now()
    expectRefusal(
      () => importHtml(utf8(html), 'nested.html'),
      'nested.html',
      /nests its elements more than 10,000 levels deep/
    )
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('refuses unclosed nesting too (100,000 <span>s never closed)', () => {
    const html = `<p>${'<span>'.repeat(100_000)}text</p>`
    expectRefusal(() => importHtml(utf8(html), 'open.html'), 'open.html', /levels deep/)
  })

  it('reads a page nested 3,000 deep (too deep for Readability) whole, without Readability', () => {
    const n = 3000
    const html = `<!doctype html><html><body><nav>NAV-LEAK</nav>${'<div>'.repeat(n)}<p>Deep but genuine text.</p>${'</div>'.repeat(n)}</body></html>`
    const started = Date.now()
    const doc = importHtml(utf8(html), 'deep.html')
    expect(doc.text).toBe('Deep but genuine text.')
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('estimates nesting linearly, ignoring void elements, comments, scripts and implicitly closed tags', () => {
    expect(estimateNesting('<div><p>a<p>b<br><img src=x><!-- <div><div> --></div>')).toBe(2)
    expect(estimateNesting('<ul><li>a<li>b<li>c</ul>')).toBe(2)
    expect(estimateNesting(`<script>${'<div>'.repeat(50)}</script><div></div>`)).toBe(1)
  })
})
