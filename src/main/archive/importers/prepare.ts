// What the import worker does for the write after reading a file: the text normalised, hashed and cut into passages.

import { normalizeText } from '../../../shared/text/paragraphs'
import { packPassages, passagesOf } from '../../../shared/text/passages'
import { hashText } from '../text-hash'
import type { ImportedDocument } from './types'

/**
 * The document with its text normalised and `prepared` set: the hash and the search passages the
 * write would otherwise work out on the archive's thread (checkSourceInput takes them).
 */
export function prepareDocument(doc: ImportedDocument): ImportedDocument {
  const text = normalizeText(doc.text)
  return {
    ...doc,
    text,
    prepared: { hash: hashText(text), passages: packPassages(passagesOf(text)) }
  }
}
