// Generates the small files that unpack huge (issue 13): Word files of 25 and 190 MB of XML, a PDF of 300 MB of page content.

import { crc32, createDeflateRaw, deflateRawSync, deflateSync } from 'node:zlib'
import { rawZip, type RawZipEntry } from '../main/archive/importers/fixtures'

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
const MB = 1024 * 1024

/** Raw DEFLATE of the strings `next()` yields until it returns null, streamed through zlib. */
async function deflateStream(
  next: () => string | null
): Promise<{ data: Uint8Array; crc: number; size: number }> {
  const deflate = createDeflateRaw({ level: 9 })
  const out: Buffer[] = []
  deflate.on('data', (c: Buffer) => out.push(c))
  const done = new Promise((resolve) => deflate.on('end', resolve))
  let crc = 0
  let size = 0
  for (let s = next(); s !== null; s = next()) {
    const bytes = Buffer.from(s, 'utf8')
    crc = crc32(bytes, crc)
    size += bytes.length
    if (!deflate.write(bytes)) await new Promise((resolve) => deflate.once('drain', resolve))
  }
  deflate.end()
  await done
  return { data: new Uint8Array(Buffer.concat(out)), crc, size }
}

function deflated(name: string, text: string): RawZipEntry {
  const bytes = Buffer.from(text, 'utf8')
  return {
    name,
    data: new Uint8Array(deflateRawSync(bytes)),
    size: bytes.length,
    crc: crc32(bytes)
  }
}

/**
 * A Word file whose word/document.xml is `xmlMb` MB of ordinary, heavily formatted Word XML (each
 * word its own run with fonts, size and spacing, as pasted text becomes): about 100:1 compressed,
 * under the ZIP limits (200 MB unpacked, 500:1), so only the converter's memory stands in the way.
 * 190 MB gives the 1.7 MB file of issue 13, 25 MB the 225 KB one.
 */
export async function bloatedDocx(xmlMb: number): Promise<Uint8Array> {
  const target = xmlMb * MB
  const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>`
  const tail = '<w:sectPr/></w:body></w:document>'
  let written = 0
  let n = 0
  let state: 'head' | 'body' | 'tail' | 'done' = 'head'
  const words = ['the', 'harbour', 'strike', 'ended', 'after', 'nine', 'days', 'of', 'talks']
  const body = await deflateStream(() => {
    if (state === 'head') {
      state = 'body'
      written += head.length
      return head
    }
    if (state === 'tail') {
      state = 'done'
      return tail
    }
    if (state === 'done') return null
    let chunk = ''
    for (let k = 0; k < 200; k++, n++) {
      const runs = words
        .map(
          (w, i) =>
            `<w:r w:rsidR="00${(n + i) % 7}A1B2"><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="${20 + (i % 5)}"/><w:szCs w:val="24"/><w:lang w:val="en-GB"/></w:rPr><w:t xml:space="preserve">${w}${i === 0 ? n : ''} </w:t></w:r>`
        )
        .join('')
      chunk += `<w:p w:rsidR="00${n % 5}C3D4"><w:pPr><w:spacing w:after="${(n % 4) * 40}" w:line="276"/><w:jc w:val="both"/></w:pPr>${runs}</w:p>`
    }
    written += chunk.length
    if (written + tail.length >= target) state = 'tail'
    return chunk
  })
  return rawZip([
    deflated(
      '[Content_Types].xml',
      `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`
    ),
    { name: 'word/document.xml', data: body.data, size: body.size, crc: body.crc },
    deflated(
      'docProps/core.xml',
      `<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Bloated</dc:title></cp:coreProperties>`
    )
  ])
}

/**
 * A PDF of `pages` pages whose content streams unpack to `contentMb` MB in all: each page draws
 * the same lines of text over and over (FlateDecode, about 200:1), as the 1.3 MB PDF of issue 13
 * that unpacks to 300 MB.
 */
export function bloatedPdf(contentMb: number, pages = 300): Uint8Array {
  const perPage = Math.ceil((contentMb * MB) / pages)
  const objects: Buffer[] = []
  const add = (body: Buffer | string): number => {
    objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body)
    return objects.length
  }
  add('<< /Type /Catalog /Pages 2 0 R >>')
  add('') // the page tree, written once the page ids are known
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>')
  const kids: number[] = []
  let line = ''
  for (let i = 0; line.length < 4096; i++) {
    line += `BT /F1 9 Tf 40 ${760 - (i % 70) * 10} Td (Line ${i} of the report on the harbour strike and its settlement.) Tj ET\n`
  }
  const content = line.repeat(Math.ceil(perPage / line.length))
  for (let p = 0; p < pages; p++) {
    // Each page's stream differs in its first line, so no two are the same object.
    const stream = deflateSync(Buffer.from(`% page ${p}\n${content}`, 'latin1'), { level: 9 })
    const contentId = add(
      Buffer.concat([
        Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
        stream,
        Buffer.from('\nendstream', 'latin1')
      ])
    )
    kids.push(
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`
      )
    )
  }
  objects[1] = Buffer.from(
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`,
    'latin1'
  )
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')]
  const offsets: number[] = []
  let at = parts[0].length
  objects.forEach((body, i) => {
    const obj = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      body,
      Buffer.from('\nendobj\n', 'latin1')
    ])
    offsets.push(at)
    parts.push(obj)
    at += obj.length
  })
  const xref = [
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`
  ].join('')
  parts.push(Buffer.from(xref, 'latin1'))
  return new Uint8Array(Buffer.concat(parts))
}
