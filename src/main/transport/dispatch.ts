// Calls one contract method by name with an argument array: the whole of IPC's and HTTP's per-call logic.

import { isApiMethod, type ApiResponse, type ArchiveApi } from '../../shared/api'
import { decodeJson, encodeJson } from '../../shared/codec'
import { ArchiveError, toErrorPayload } from '../../shared/errors'
import { archiveErrorOf } from '../archive/db'

export type Logger = (message: string) => void

/** Runs `api[method](...args)` and wraps the outcome in the { ok, value | error } envelope. */
export async function dispatch(
  api: ArchiveApi,
  method: string,
  args: unknown,
  log: Logger = (m) => console.error(m)
): Promise<ApiResponse> {
  try {
    if (!isApiMethod(method)) {
      throw new ArchiveError('NOT_FOUND', `There is no method "${method}" (GET /api lists them).`)
    }
    if (!Array.isArray(args)) {
      throw new ArchiveError('INVALID_ARGUMENT', `The arguments of ${method} must be a JSON array.`)
    }
    const fn = api[method] as (...a: unknown[]) => Promise<unknown>
    const value = await fn.apply(api, args)
    return { ok: true, value: value === undefined ? null : value }
  } catch (thrown) {
    return failure(method, thrown, log)
  }
}

/** The envelope of a call that threw; what is not an ArchiveError is logged (a bug, not a refusal). */
export function failure(method: string, thrown: unknown, log: Logger): ApiResponse {
  const error = archiveErrorOf(thrown)
  if (!(error instanceof ArchiveError))
    log(`${method} failed: ${(error as Error)?.stack ?? String(error)}`)
  return { ok: false, error: toErrorPayload(error) }
}

/**
 * Reads answered elsewhere as ready replies, `{"ok":true,"value":…}` encoded as JSON in the read
 * pool's workers (as bytes, or for HTTP a file), so that a large answer is never encoded, parsed
 * or copied object by object on the thread that answers every call. null from `read` means "call
 * the api".
 */
export interface ReadyReads<Reply> {
  methods: ReadonlySet<string>
  read(method: string, args: unknown[]): Promise<Reply | null>
}

/**
 * One call for either face: a method `reads` serves comes back as its ready reply, any other (and
 * one the pool cannot answer) as dispatch's envelope. A refusal from the pool (an archive error, a
 * read over its limits) is an envelope too.
 */
export async function dispatchReady<Reply>(
  api: ArchiveApi,
  reads: ReadyReads<Reply> | undefined,
  method: string,
  args: unknown,
  log: Logger = (m) => console.error(m)
): Promise<ApiResponse | Reply> {
  if (reads?.methods.has(method) && Array.isArray(args)) {
    try {
      const ready = await reads.read(method, args)
      if (ready !== null) return ready
    } catch (thrown) {
      return failure(method, thrown, log)
    }
  }
  return dispatch(api, method, args, log)
}

/**
 * The arguments of `method` in an HTTP request's body: a JSON array (empty body: none), or for a
 * raw upload the bytes themselves as the one argument. A body that is not one is an
 * INVALID_ARGUMENT saying why.
 */
export function argsOfBody(method: string, body: Uint8Array, raw: boolean): unknown[] {
  if (raw) return [new Uint8Array(body.buffer, body.byteOffset, body.byteLength)]
  let args: unknown
  try {
    const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
    args = text.trim() === '' ? [] : decodeJson(text)
  } catch (error) {
    throw new ArchiveError(
      'INVALID_ARGUMENT',
      `The request body is not valid JSON: ${(error as Error).message}`
    )
  }
  if (!Array.isArray(args))
    throw new ArchiveError(
      'INVALID_ARGUMENT',
      `The body must be a JSON array of the arguments of ${method}.`
    )
  return args
}

/** A call's envelope as serve mode sends it: its JSON, and the error's code (null when it succeeded). */
export interface EncodedAnswer {
  json: string
  code: string | null
}

/**
 * Calls whose HTTP body is decoded, run and answered elsewhere (serve mode's writing thread): this
 * thread only reads the body in and writes the answer out, however large the upload.
 */
export interface BodyCalls {
  methods: ReadonlySet<string>
  /** `body`: the pieces the body arrived in (see readBody), handed over: the callee may move them. */
  call(method: string, body: Uint8Array[], raw: boolean): Promise<EncodedAnswer>
}

/** One call from an HTTP body to its encoded envelope: what a BodyCalls runs where the api is. */
export async function answerBody(
  api: ArchiveApi,
  method: string,
  body: Uint8Array,
  raw: boolean,
  log: Logger = (m) => console.error(m)
): Promise<EncodedAnswer> {
  let answer: ApiResponse
  try {
    answer = await dispatch(api, method, argsOfBody(method, body, raw), log)
  } catch (thrown) {
    answer = failure(method, thrown, log)
  }
  return encodedAnswer(answer)
}

/** An envelope as serve mode sends it. */
export function encodedAnswer(answer: ApiResponse): EncodedAnswer {
  return { json: encodeJson(answer), code: answer.ok ? null : answer.error.code }
}
