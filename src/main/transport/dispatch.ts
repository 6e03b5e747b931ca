// Calls one contract method by name with an argument array: the whole of IPC's and HTTP's per-call logic.

import { isApiMethod, type ApiResponse, type ArchiveApi } from '../../shared/api'
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
