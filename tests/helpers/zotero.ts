// Builds a Zotero RDF export "with files" (the .rdf plus files/N/…), as Zotero writes one, for tests and the benchmark.

import { articleParagraphs, makePdf } from '../main/archive/importers/fixtures'

export interface ZoteroItem {
  type: string
  title: string
  authors?: [string, string][]
  editors?: [string, string][]
  translators?: [string, string][]
  date?: string
  publisher?: string
  place?: string
  journal?: { title: string; volume?: string; number?: string }
  pages?: string
  doi?: string
  url?: string
  language?: string
  abstract?: string
  /** Attachment file names under files/<item number>/ and their kind. */
  attachments?: { name: string; mimeType: string }[]
}

const esc = (t: string): string =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

function people(tag: string, list: [string, string][] | undefined): string {
  if (!list?.length) return ''
  const lis = list
    .map(
      ([family, given]) =>
        `<rdf:li><foaf:Person><foaf:surname>${esc(family)}</foaf:surname><foaf:givenName>${esc(given)}</foaf:givenName></foaf:Person></rdf:li>`
    )
    .join('')
  return `<${tag}><rdf:Seq>${lis}</rdf:Seq></${tag}>`
}

const ELEMENT: Record<string, string> = {
  book: 'bib:Book',
  journalArticle: 'bib:Article',
  newspaperArticle: 'bib:Article',
  letter: 'bib:Letter',
  report: 'bib:Report',
  manuscript: 'bib:Manuscript'
}

/** The RDF of an export; item i's attachments are at files/<i+1>/<name>. */
export function zoteroRdf(items: ZoteroItem[]): string {
  const body: string[] = []
  items.forEach((it, i) => {
    const n = i + 1
    const el = ELEMENT[it.type] ?? 'rdf:Description'
    const links = (it.attachments ?? []).map(
      (_, k) => `<link:link rdf:resource="#item_${n}_${k}"/>`
    )
    body.push(`<${el} rdf:about="#item_${n}">
  <z:itemType>${it.type}</z:itemType>
  ${it.publisher ? `<dc:publisher><foaf:Organization>${it.place ? `<vcard:adr><vcard:Address><vcard:locality>${esc(it.place)}</vcard:locality></vcard:Address></vcard:adr>` : ''}<foaf:name>${esc(it.publisher)}</foaf:name></foaf:Organization></dc:publisher>` : ''}
  ${people('bib:authors', it.authors)}${people('bib:editors', it.editors)}${people('z:translators', it.translators)}
  ${it.journal ? `<dcterms:isPartOf><bib:Journal><dc:title>${esc(it.journal.title)}</dc:title>${it.journal.volume ? `<prism:volume>${it.journal.volume}</prism:volume>` : ''}${it.journal.number ? `<prism:number>${it.journal.number}</prism:number>` : ''}</bib:Journal></dcterms:isPartOf>` : ''}
  ${links.join('')}
  <dc:title>${esc(it.title)}</dc:title>
  ${it.abstract ? `<dcterms:abstract>${esc(it.abstract)}</dcterms:abstract>` : ''}
  ${it.date ? `<dc:date>${esc(it.date)}</dc:date>` : ''}
  ${it.language ? `<z:language>${it.language}</z:language>` : ''}
  ${it.pages ? `<bib:pages>${it.pages}</bib:pages>` : ''}
  ${it.doi ? `<dc:identifier>DOI ${it.doi}</dc:identifier>` : ''}
  ${it.url ? `<dc:identifier><dcterms:URI><rdf:value>${esc(it.url)}</rdf:value></dcterms:URI></dc:identifier>` : ''}
</${el}>`)
    ;(it.attachments ?? []).forEach((a, k) => {
      body.push(`<z:Attachment rdf:about="#item_${n}_${k}">
  <z:itemType>attachment</z:itemType>
  <rdf:resource rdf:resource="files/${n}/${encodeURIComponent(a.name)}"/>
  <dc:title>${esc(a.name)}</dc:title>
  <link:type>${a.mimeType}</link:type>
</z:Attachment>`)
    })
  })
  return `<rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns:z="http://www.zotero.org/namespaces/export#"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:vcard="http://nwalsh.com/rdf/vCard#"
 xmlns:foaf="http://xmlns.com/foaf/0.1/"
 xmlns:bib="http://purl.org/net/biblio#"
 xmlns:link="http://purl.org/rss/1.0/modules/link/"
 xmlns:dcterms="http://purl.org/dc/terms/"
 xmlns:prism="http://prismstandard.org/namespaces/1.2/basic/">
${body.join('\n')}
</rdf:RDF>
`
}

/** A PDF with real text (pdfkit), as an attachment. */
export async function attachmentPdf(
  title: string,
  seed: number,
  paragraphs = 12
): Promise<Uint8Array> {
  return makePdf({ info: { Title: title } }, (doc) => {
    doc.fontSize(16).text(title)
    for (const p of articleParagraphs(paragraphs, seed))
      doc.fontSize(11).text(p, { paragraphGap: 6 })
  })
}
