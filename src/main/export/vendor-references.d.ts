// Minimal type declarations for the untyped reference packages (CSL processor, schema check, citation-js plugins).

declare module 'citeproc' {
  /** What the processor asks its host for: locale XML by tag and CSL-JSON items by id. */
  interface Sys {
    retrieveLocale(lang: string): string | undefined
    retrieveItem(id: string): object
  }
  /** One cite of a cluster: the item and its locator ("4" with label "paragraph"). */
  interface CiteItem {
    id: string
    locator?: string
    label?: string
  }
  interface Citation {
    citationItems: CiteItem[]
    properties: { noteIndex: number }
    citationID?: string
  }
  /** [status, [[index, text, citationID], …]]: the new or changed citations' texts. */
  type ClusterResult = [
    { bibchange: boolean; citation_errors: unknown[] },
    [number, string, string][]
  ]
  export class Engine {
    constructor(sys: Sys, style: string, lang?: string, forceLang?: boolean)
    opt: { xclass: string; development_extensions: Record<string, boolean> }
    bibliography?: { tokens?: unknown[] }
    setOutputFormat(format: 'html' | 'text' | 'rtf'): void
    updateItems(ids: string[], nosort?: boolean): string[]
    updateUncitedItems(ids: string[]): void
    restoreProcessorState(citations?: Citation[]): void
    processCitationCluster(
      citation: Citation,
      before: [string, number][],
      after: [string, number][]
    ): ClusterResult
    makeBibliography(filter?: {
      select: { field: string; value: string }[]
    }): false | [{ entry_ids: string[][] }, string[]]
  }
  const CSL: { Engine: typeof Engine }
  export default CSL
}

declare module 'csl-validator-wasm' {
  /** rnv's report against the CSL 1.0 schema: '' for a valid style, error lines otherwise. */
  export function validateStyle(style: string): Promise<string>
}

declare module '@citation-js/plugin-bibtex'
declare module '@citation-js/plugin-ris'
