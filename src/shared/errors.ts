// Error codes and the ArchiveError that crosses every transport (IPC, HTTP, CLI) as { code, message, details }.

/** Why an archive call failed; transports map these to exit codes and HTTP statuses. */
export type ErrorCode =
  | 'INVALID_ARGUMENT' // the caller sent something malformed or out of range
  | 'NOT_FOUND' // an id that is not (or no longer) in the archive
  | 'CONFLICT' // the request clashes with existing data (e.g. a duplicate tag name)
  | 'UNSUPPORTED_FILE' // an import whose bytes are not a format Parallax reads
  | 'TOO_LARGE' // input over a stated size limit
  | 'NOT_AN_ARCHIVE' // a file that is not a Parallax archive
  | 'NEWER_ARCHIVE' // an archive written by a newer version of Parallax
  | 'NOTHING_TO_UNDO'
  | 'IO' // the file system refused (permissions, full disk, missing folder)
  | 'READ_ONLY' // the archive is open read-only (a read-only file, or a damaged one): nothing changes
  | 'BUSY' // another process held the archive for writing longer than the wait allows
  | 'UNAVAILABLE' // the archive service cannot be reached (serve mode stopped)
  | 'INTERNAL'

/** The plain-object form of an error, as it travels over IPC and HTTP. */
export interface ErrorPayload {
  code: ErrorCode
  message: string
  details?: unknown
}

const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'CONFLICT',
  'UNSUPPORTED_FILE',
  'TOO_LARGE',
  'NOT_AN_ARCHIVE',
  'NEWER_ARCHIVE',
  'NOTHING_TO_UNDO',
  'IO',
  'READ_ONLY',
  'BUSY',
  'UNAVAILABLE',
  'INTERNAL'
])

/** An expected failure with a message meant for the user: one line, saying what and why. */
export class ArchiveError extends Error {
  readonly code: ErrorCode
  readonly details?: unknown

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'ArchiveError'
    this.code = code
    this.details = details
  }

  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }

  static fromPayload(payload: ErrorPayload): ArchiveError {
    return new ArchiveError(payload.code, payload.message, payload.details)
  }
}

/** Turns anything thrown into a payload; unexpected errors become INTERNAL with their message. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof ArchiveError) return error.toPayload()
  if (isErrorPayload(error)) return { code: error.code, message: error.message }
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'INTERNAL', message: message || 'Unexpected error' }
}

export function isErrorPayload(value: unknown): value is ErrorPayload {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'string' && CODES.has(v.code) && typeof v.message === 'string'
}

/** Shorthand for argument checks in the core. */
export function invalid(message: string, details?: unknown): ArchiveError {
  return new ArchiveError('INVALID_ARGUMENT', message, details)
}

export function notFound(what: string, id: string): ArchiveError {
  return new ArchiveError(
    'NOT_FOUND',
    `No ${what} with id ${JSON.stringify(id)} in this archive.`,
    {
      id
    }
  )
}
