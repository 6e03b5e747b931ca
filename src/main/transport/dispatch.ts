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
