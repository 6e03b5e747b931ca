// The messages between a WorkerPool and its worker threads, and how errors cross between them.

import { ArchiveError, isErrorPayload } from '../../shared/errors'

/** A call sent to a worker: one at a time per worker. */
export interface CallMessage {
  id: number
  method: string
  args: unknown[]
}

/** An error as it crosses the thread boundary (structured clone keeps no class). */
export interface ThrownPayload {
  name: string
  message: string
  code?: string
  details?: unknown
}

export type ReplyMessage = (
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ThrownPayload }
) & {
  /** A worker process's peak resident memory so far, in KB (threads share the caller's). */
  rssKb?: number
}

/** What a worker sends back for anything thrown by a handler. */
export function toThrownPayload(error: unknown): ThrownPayload {
  if (error instanceof ArchiveError) return { name: error.name, ...error.toPayload() }
  if (error instanceof Error) return { name: error.name, message: error.message }
  return { name: 'Error', message: String(error) }
}

/** The error a caller sees: ArchiveErrors come back as ArchiveErrors, others as plain Errors. */
export function fromThrownPayload(payload: ThrownPayload): Error {
  if (payload.name === 'ArchiveError' && isErrorPayload(payload)) {
    return ArchiveError.fromPayload(payload)
  }
  const error = new Error(payload.message)
  error.name = payload.name
  return error
}
