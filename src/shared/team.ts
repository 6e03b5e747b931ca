// Team archives as every face sees them: where one lives, who its members are, and how a copy stands.

/** libpq's SSL modes; "prefer" tries a secure connection first. */
export const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] as const
export type SslMode = (typeof SSL_MODES)[number]

/** Where a team archive lives: a PostgreSQL database and the member's user there. Never a password. */
export interface TeamAddress {
  host: string
  port: number
  database: string
  user: string
  sslmode: SslMode
}

/** What the app's Share and Join dialogs send: an address and, once, the password. */
export interface TeamConnection extends TeamAddress {
  /** Used for this connection and kept in the system keychain (desktop), never in the archive. */
  password?: string
}

/** What a member may do: owner everything; editor also sources, codebook, handouts; annotator their own annotations; viewer read. */
export const TEAM_ROLES = ['owner', 'editor', 'annotator', 'viewer'] as const
export type TeamRole = (typeof TEAM_ROLES)[number]

export interface TeamMember {
  name: string
  role: TeamRole
  /** The PostgreSQL user the member connects as. */
  user: string
}

/** How this copy of a team archive stands, for the status bar and `team status`. */
export interface TeamStatus {
  /** The team address (no password), the member this copy belongs to, and their role. */
  url: string
  member: string
  role: TeamRole
  /** synced: nothing waiting; syncing: a sync is running; offline: the server cannot be reached. */
  state: 'synced' | 'syncing' | 'offline'
  /** Changes made here that the server has not accepted yet. */
  pending: number
  /** Changes the server refused, with its reason; kept until changed again or discarded. */
  refused: { kind: string; id: string; reason: string }[]
  /** Text revisions that lost to another member's edit of the same text, for an editor to review. */
  conflicts: { sourceId: string; title: string; revision: number; by: string }[]
  /** When this copy last finished a sync (ISO), or null; and the last error, if the last try failed. */
  lastSync: string | null
  error: string | null
  /**
   * Sources an owner marked "code independently" (blind coding), as of the last sync: until a
   * member hands in their coding of one, only they see their annotations on it; once they have,
   * they see the work of others who handed in too (an owner sees whoever handed in).
   */
  blind: BlindSource[]
}

/** A source coded independently, and who has handed in their coding of it. */
export interface BlindSource {
  sourceId: string
  /** Whether this copy's member has handed in. */
  handedIn: boolean
  /** The members who have handed in, by name. */
  handedInBy: string[]
}
