// Runs the W3C Web Annotation test suite's assertion schemas (JSON Schema draft-04) the way the suite's harness does.

import Ajv from 'ajv-draft-04'
import type { AnySchemaObject, ValidateFunction } from 'ajv-draft-04'
import annotationMustsTest from './annotations/annotationMusts.test?raw'

/*
 * The files in this folder are verbatim copies from the W3C test suite
 * (https://github.com/w3c/web-annotation-tests, licence in license.md): definitions/*.json, and
 * annotations/annotationMusts.test with the assertion files it lists. They are bundled (Vite JSON
 * imports) so the packaged app needs no files on disk.
 *
 * How the suite's harness scores an assertion (WPT annotation-model, JSONtest): validate the
 * document against the assertion schema; the assertion PASSES when the outcome (valid or not)
 * equals its "expectedResult" ("valid" by default). Otherwise "onUnexpectedResult" decides:
 * "fail…" counts as a failure reported with the assertion's "errorMessage", "pass…" does not
 * (optional features); "…Skip" / "…Abort" stop checking the rest of the list.
 */

/** One assertion of the suite that the document did not meet. */
export interface MustFailure {
  /** The assertion schema's id, e.g. "3.1-annotationTypeValidated.json". */
  assertion: string
  /** The suite's errorMessage for it, on one line, without its "ERROR:" prefix. */
  message: string
}

/** Checks one JSON document against a list of assertions; returns the failures, in list order. */
export type MustChecker = (document: unknown) => MustFailure[]

interface Assertion {
  id: string
  expectValid: boolean
  failsWhenUnexpected: boolean
  stopsWhenUnexpected: boolean
  message: string
  validate: ValidateFunction
}

// Suite keywords that carry test metadata, not validation.
const SUITE_KEYWORDS = ['assertionType', 'expectedResult', 'onUnexpectedResult', 'errorMessage']

const DATE_TIME =
  /^-?\d{4,}-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$/

/**
 * The model requires xsd:dateTime (timezone recommended, not required), so this is the XML
 * Schema lexical form, not RFC 3339's stricter one; the suite's harness was equally lenient.
 */
function isDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value)
  if (!m) return false
  const [month, day, hour, minute, second] = m.slice(1, 6).map(Number)
  const year = Number(value.slice(0, value.indexOf('-', 1)))
  const days = new Date(Date.UTC(2000 + (year % 400), month, 0)).getUTCDate()
  const midnight = hour === 24 && minute === 0 && second === 0 && !m[6]
  const zoneOk = !m[8] || (Number(m[8]) <= 14 && Number(m[9]) <= 59)
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= days &&
    (hour <= 23 || midnight) &&
    minute <= 59 &&
    second <= 59 &&
    zoneOk
  )
}

// JSON-LD ids are IRIs (RFC 3987), so non-ASCII letters are allowed; what makes "not a uri" fail
// is the missing scheme and the spaces.
// eslint-disable-next-line no-control-regex -- control characters never occur in an IRI
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`\u0000-\u001F\u007F]*$/

function isIri(value: string): boolean {
  return IRI.test(value) && !/%(?![0-9A-Fa-f]{2})/.test(value)
}

/** Parses a suite ".test" file and returns the assertion paths it lists. */
export function listedAssertions(testFile: string): string[] {
  const parsed: unknown = JSON.parse(testFile)
  const list = (parsed as { assertions?: unknown }).assertions
  if (!Array.isArray(list) || !list.every((a) => typeof a === 'string')) {
    // Nested assertion groups exist in the harness but not in the MUST lists we run.
    throw new Error('Unsupported test file: "assertions" must be a list of file paths.')
  }
  return list
}

/**
 * Builds a checker from the suite's definitions (registered under their ids, so "$ref":
 * "bodyTarget.json#/…" resolves) and assertion schemas, in the order to run them.
 */
export function createMustChecker(
  definitions: readonly AnySchemaObject[],
  assertions: readonly AnySchemaObject[]
): MustChecker {
  // Not strict: the suite's schemas carry their own keywords, nested "$schema"s and "required"
  // without "type", all valid draft-04 that ajv's strict mode would refuse or warn about.
  const ajv = new Ajv({ strict: false, allErrors: false })
  ajv.addVocabulary(SUITE_KEYWORDS)
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime })
  ajv.addFormat('uri', { type: 'string', validate: isIri })
  for (const schema of definitions) ajv.addSchema(schema)
  const compiled: Assertion[] = assertions.map((schema) => {
    const outcome = String(schema.onUnexpectedResult ?? 'failAndContinue')
    return {
      id: String(schema.id),
      expectValid: (schema.expectedResult ?? 'valid') === 'valid',
      failsWhenUnexpected: outcome.startsWith('fail'),
      stopsWhenUnexpected: /(Skip|Abort)$/.test(outcome),
      message: String(schema.errorMessage ?? schema.title ?? schema.id)
        .replace(/^error:\s*/i, '')
        .replace(/\s+/g, ' ')
        .trim(),
      validate: ajv.compile(schema)
    }
  })
  return (document) => {
    const failures: MustFailure[] = []
    for (const a of compiled) {
      if (a.validate(document) === a.expectValid) continue
      if (a.failsWhenUnexpected) failures.push({ assertion: a.id, message: a.message })
      if (a.stopsWhenUnexpected) break
    }
    return failures
  }
}

/** The suite's definition files, bundled. */
export const W3C_DEFINITIONS: readonly AnySchemaObject[] = Object.values(
  import.meta.glob<AnySchemaObject>('./definitions/*.json', { eager: true, import: 'default' })
)

const ANNOTATION_ASSERTIONS = import.meta.glob<AnySchemaObject>('./annotations/**/*.json', {
  eager: true,
  import: 'default'
})

/** Paths (relative to the suite's root) of the MUST assertions for a single annotation. */
export const ANNOTATION_MUSTS: readonly string[] = listedAssertions(annotationMustsTest)

let annotationChecker: MustChecker | undefined

/**
 * Checks a single annotation against every assertion of the suite's annotationMusts.test.
 * Compiled on first use (a few hundred milliseconds), then cached.
 */
export function checkAnnotationMusts(annotation: unknown): MustFailure[] {
  annotationChecker ??= createMustChecker(
    W3C_DEFINITIONS,
    ANNOTATION_MUSTS.map((path) => {
      const schema = ANNOTATION_ASSERTIONS[`./${path}`]
      if (!schema) throw new Error(`W3C assertion ${path} is missing from the bundle.`)
      return schema
    })
  )
  return annotationChecker(annotation)
}
