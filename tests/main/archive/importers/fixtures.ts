// Generates realistic import fixtures in memory: saved news pages, DOCX and EPUB packages, PDFs (pdfkit).

import { strToU8, zipSync, type Zippable } from 'fflate'
import { crc32, createDeflateRaw } from 'node:zlib'
import PDFDocument from 'pdfkit'

/** Paragraphs of a plausible history article, varied by `seed` so generated pages differ. */
export function articleParagraphs(count: number, seed = 0): string[] {
  const subjects = [
    'The delegates',
    'The city council',
    'Local newspapers',
    'The governor',
    'Workers in the port'
  ]
  const verbs = ['debated', 'reported on', 'opposed', 'welcomed', 'questioned']
  const objects = [
    'the new grain tariff',
    'the railway concession',
    'the census of 1897',
    'the reform of the courts',
    'the opening of the girls’ school'
  ]
  return Array.from({ length: count }, (_, i) => {
    const k = i + seed
    const s = `${subjects[k % 5]} ${verbs[(k * 3) % 5]} ${objects[(k * 7) % 5]}`
    return `${s} in the spring of ${1890 + (k % 30)}. Paragraph ${i + 1} continues with details that a teacher would want to quote, including names, places and the reasons people gave at the time.`
  })
}

/** Options for a saved news page. */
export interface PageOptions {
  title?: string
  paragraphs?: string[]
  lang?: string
  charset?: string
}

/** A saved news article page with the usual furniture: nav, ads, scripts, handlers, JSON-LD, OpenGraph. */
export function newsPage(options: PageOptions = {}): string {
  const title = options.title ?? 'Strike at the Harbour Ends After Nine Days'
  const paragraphs = options.paragraphs ?? articleParagraphs(8)
  const charset = options.charset ? `<meta charset="${options.charset}">` : '<meta charset="utf-8">'
  return `<!DOCTYPE html>
<html lang="${options.lang ?? 'tr'}">
<head>
${charset}
<title>${title} | The Harbour Gazette</title>
<meta name="description" content="The nine-day strike at the harbour ended on Friday.">
<meta property="og:title" content="${title}">
<meta property="og:site_name" content="The Harbour Gazette">
<meta property="og:type" content="article">
<meta property="og:url" content="https://gazette.example/2024/03/strike-ends">
<meta property="og:locale" content="tr_TR">
<meta property="article:published_time" content="2024-03-05T23:30:00-05:00">
<meta property="article:author" content="https://facebook.example/jane.doe">
<link rel="canonical" href="https://gazette.example/2024/03/strike-ends">
<link rel="license" href="https://creativecommons.org/licenses/by/4.0/">
<style>.ad { color: red } body::after { content: "STYLE-TEXT-LEAK" }</style>
<script>window.trackingId = 'SCRIPT-TEXT-LEAK'; document.write('SCRIPT-TEXT-LEAK')</script>
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[
 {"@type":"NewsArticle","headline":"${title}","datePublished":"2024-03-05T23:30:00-05:00",
  "author":[{"@type":"Person","name":"Jane Doe"},{"@id":"#roe"}],
  "publisher":{"@id":"#org"}},
 {"@id":"#roe","@type":"Person","name":"Richard Roe"},
 {"@id":"#org","@type":"NewsMediaOrganization","name":"Harbour Gazette Ltd"}]}
</script>
</head>
<body onload="alert('HANDLER-LEAK')">
<header class="site-header"><a href="/">The Harbour Gazette</a>
<nav><ul><li><a href="/news">NAV-LEAK News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="ad banner" onclick="alert('HANDLER-LEAK')">Advertisement: buy now</div>
<main><article>
<h1>${title}</h1>
<p class="byline">By Jane Doe and Richard Roe</p>
<time datetime="2024-03-05">5 March 2024</time>
${paragraphs.map((p, i) => (i === 3 ? `<h2>What the workers won</h2>\n<p>${p}</p>` : `<p>${p}</p>`)).join('\n')}
<ul><li>Higher wages for night shifts.</li><li>A shorter working day in summer.</li></ul>
<p>Readers can <a href="javascript:alert('JS-LINK-LEAK')">JS-LINK-LEAK click here</a> or <a href="https://gazette.example/archive">browse the archive</a>.</p>
<form action="/subscribe"><label>FORM-LEAK Email</label><input name="email"><button>Subscribe</button></form>
<script>console.log('SCRIPT-TEXT-LEAK')</script>
</article></main>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/x">Unrelated story about football</a></li></ul></aside>
<footer><p>© 2024 The Harbour Gazette. All rights reserved.</p></footer>
<noscript>NOSCRIPT-LEAK</noscript>
</body>
</html>`
}

/** The bytes of a minimal but complete DOCX: a title heading, two paragraphs, core properties. */
export function makeDocx(parts: { body?: string; core?: string } = {}): Uint8Array {
  const w = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
  const para = (text: string, style?: string): string =>
    `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`
  const body =
    parts.body ??
    para('Letter from the Front', 'Heading1') +
      para('We arrived at the station on the ninth of September.') +
      para('The second paragraph mentions Bakı and İstanbul.')
  const files: Zippable = {
    '[Content_Types].xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`
    ),
    '_rels/.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${w}"><w:body>${body}</w:body></w:document>`
    ),
    'docProps/core.xml': strToU8(
      parts.core ??
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Letters from the Front, 1916</dc:title><dc:creator>Ayşe Yılmaz; Jean Dupont</dc:creator><dc:description>Two letters, transcribed.</dc:description><dc:language>tr-TR</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">2023-10-29T08:15:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-02T10:00:00Z</dcterms:modified></cp:coreProperties>`
    )
  }
  return zipSync(files)
}

/** Runs a pdfkit drawing and returns the finished PDF's bytes. */
export function makePdf(
  options: PDFKit.PDFDocumentOptions,
  draw: (doc: PDFKit.PDFDocument) => void
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument(options)
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.on('error', reject)
    draw(doc)
    doc.end()
  })
}

/** One entry for rawZip: bytes already compressed (method 8) or stored (method 0). */
export interface RawZipEntry {
  name: string
  data: Uint8Array
  /** Uncompressed size to declare (forged sizes are the point of some tests). */
  size: number
  method?: 0 | 8
  crc?: number
  /** General-purpose flags; bit 0 marks the entry as encrypted. */
  flags?: number
}

/** Writes a ZIP byte by byte, so tests can declare any name, size or flag, however hostile. */
export function rawZip(entries: RawZipEntry[]): Uint8Array {
  const enc = new TextEncoder()
  const parts: Uint8Array[] = []
  const central: Uint8Array[] = []
  let offset = 0
  for (const e of entries) {
    const name = enc.encode(e.name)
    // Stored data is its own uncompressed form, so its checksum can be computed here.
    const crc = e.crc ?? (e.method === 0 ? crc32(e.data) : 0)
    const header = (sig: number, len: number): [Uint8Array, DataView] => {
      const b = new Uint8Array(len)
      const v = new DataView(b.buffer)
      v.setUint32(0, sig, true)
      return [b, v]
    }
    const [local, lv] = header(0x04034b50, 30 + name.length)
    lv.setUint16(4, 20, true)
    lv.setUint16(6, (e.flags ?? 0) | 0x800, true)
    lv.setUint16(8, e.method ?? 8, true)
    lv.setUint32(14, crc, true)
    lv.setUint32(18, e.data.length, true)
    lv.setUint32(22, e.size, true)
    lv.setUint16(26, name.length, true)
    local.set(name, 30)
    const [cd, cv] = header(0x02014b50, 46 + name.length)
    cv.setUint16(4, 20, true)
    cv.setUint16(6, 20, true)
    cv.setUint16(8, (e.flags ?? 0) | 0x800, true)
    cv.setUint16(10, e.method ?? 8, true)
    cv.setUint32(16, crc, true)
    cv.setUint32(20, e.data.length, true)
    cv.setUint32(24, e.size, true)
    cv.setUint16(28, name.length, true)
    cv.setUint32(42, offset, true)
    cd.set(name, 46)
    parts.push(local, e.data)
    central.push(cd)
    offset += local.length + e.data.length
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0)
  const eocd = new Uint8Array(22)
  const ev = new DataView(eocd.buffer)
  ev.setUint32(0, 0x06054b50, true)
  ev.setUint16(8, entries.length, true)
  ev.setUint16(10, entries.length, true)
  ev.setUint32(12, cdSize, true)
  ev.setUint32(16, offset, true)
  const all = [...parts, ...central, eocd]
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const c of all) {
    out.set(c, at)
    at += c.length
  }
  return out
}

/** Raw DEFLATE of `megabytes` MB of zeros, streamed through zlib so the zeros never exist at once. */
export async function deflatedZeros(megabytes: number): Promise<{ data: Uint8Array; crc: number }> {
  const chunk = new Uint8Array(1024 * 1024)
  const deflate = createDeflateRaw({ level: 9 })
  const out: Buffer[] = []
  deflate.on('data', (c: Buffer) => out.push(c))
  const done = new Promise((resolve) => deflate.on('end', resolve))
  let crc = 0
  for (let i = 0; i < megabytes; i++) {
    deflate.write(chunk)
    crc = crc32(chunk, crc)
  }
  deflate.end()
  await done
  return { data: new Uint8Array(Buffer.concat(out)), crc }
}

/** A chapter of an EPUB: file name inside OEBPS/, heading and paragraphs. */
export interface EpubChapter {
  file: string
  title: string
  paragraphs: string[]
}

/** An EPUB 3 book: mimetype stored first, container.xml, OPF (spine in the given order), nav. */
export function makeEpub(
  chapters: EpubChapter[],
  options: { extra?: Zippable; opfMetadata?: string } = {}
): Uint8Array {
  const xhtml = (c: EpubChapter): string =>
    `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="fr">
<head><title/><link rel="stylesheet" href="style.css"/></head>
<body><section epub:type="chapter"><a id="start"/><h1>${c.title}</h1>
${c.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</section></body></html>`
  const metadata =
    options.opfMetadata ??
    `<dc:title>Mémoires d’un instituteur</dc:title>
<dc:creator id="c1">Émile Durand</dc:creator>
<meta refines="#c1" property="role" scheme="marc:relators">aut</meta>
<dc:contributor id="c2">Anna Smith</dc:contributor>
<meta refines="#c2" property="role" scheme="marc:relators">trl</meta>
<dc:contributor>calibre (7.0) [https://calibre-ebook.com]</dc:contributor>
<dc:publisher>Éditions du Port</dc:publisher>
<dc:date>1911-04</dc:date>
<dc:language>fr</dc:language>
<dc:identifier id="uid">https://books.example/memoires</dc:identifier>
<dc:rights>Public domain</dc:rights>
<dc:description>&lt;p&gt;A teacher remembers &lt;b&gt;the village school&lt;/b&gt;.&lt;/p&gt;</dc:description>
<meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>`
  const opf = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">${metadata}</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
${chapters.map((c, i) => `<item id="ch${i}" href="${encodeURI(c.file)}" media-type="application/xhtml+xml"/>`).join('\n')}
<item id="css" href="style.css" media-type="text/css"/>
</manifest>
<spine>${chapters.map((_, i) => `<itemref idref="ch${i}"/>`).join('')}</spine>
</package>`
  const nav = `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Contents</title></head><body><nav epub:type="toc"><ol>${chapters.map((c) => `<li><a href="${c.file}">${c.title}</a></li>`).join('')}</ol></nav></body></html>`
  const files: Zippable = {
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(
      `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`
    ),
    'OEBPS/content.opf': strToU8(opf),
    'OEBPS/nav.xhtml': strToU8(nav),
    'OEBPS/style.css': strToU8('p { text-indent: 1em }'),
    // Stored in reverse, so neither archive order nor name order can stand in for the spine.
    ...Object.fromEntries(
      [...chapters].reverse().map((c) => [`OEBPS/${c.file}`, strToU8(xhtml(c))])
    ),
    ...options.extra
  }
  return zipSync(files)
}
