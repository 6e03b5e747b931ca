// Session undo/redo for every archive write, recorded by temporary SQLite triggers as inverse SQL.

import { ArchiveError } from '../../shared/errors'
import type { HistoryStep } from '../../shared/model'
import { immediate, type Db } from './db'

interface Step extends HistoryStep {
  /** Range of undo_log rows holding the inverse statements of this step. */
  from: number
  to: number
  /** Writes of one group that follow each other make one step (see record). */
  group?: Group
  /** Size of the step's inverse statements (its share of the undo log). */
  bytes: number
}

/** Writes that undo as one step when nothing comes between them, e.g. the requests of one import. */
export interface Group {
  id: string
  /** What this write adds to the group (files, say); the step's label is made from the total. */
  count: number
  label: (total: number) => string
}

/**
 * The undo history keeps the newest steps within both bounds; older ones are dropped, oldest
 * first. The log lives in SQLite's temporary file, not in the heap, so a long session's memory
 * stays flat; the byte bound keeps that file from growing with every large text edit.
 */
const MAX_STEPS = 1000
const MAX_BYTES = 64 * 1024 * 1024

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/**
 * Records, for each write transaction, the SQL that reverts it (the technique of SQLite's
 * "Automatic Undo/Redo" note): AFTER triggers on the user-data tables append inverse statements to a
 * temporary log. Undo runs a step's statements backwards, which records the redo step in turn.
 */
export class History {
  private readonly undoSteps: Step[] = []
  private redoSteps: Step[] = []
  private readonly lastSeq: () => number
  private readonly readRange: (from: number, to: number) => { sql: string }[]
  private readonly deleteRange: (from: number, to: number) => void
  private readonly sizeOf: (from: number, to: number) => number
  /** Bytes of the undo steps' inverse statements (redo steps are not counted: one write clears them). */
  private bytes = 0

  constructor(
    private readonly db: Db,
    tables: readonly string[],
    private readonly bounds = { maxSteps: MAX_STEPS, maxBytes: MAX_BYTES }
  ) {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS undo_log (seq INTEGER PRIMARY KEY, sql TEXT NOT NULL)')
    for (const table of tables) this.installTriggers(table)
    const last = db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM temp.undo_log')
    this.lastSeq = () => (last.get() as { seq: number }).seq
    const read = db.prepare(
      'SELECT sql FROM temp.undo_log WHERE seq BETWEEN ? AND ? ORDER BY seq DESC'
    )
    this.readRange = (from, to) => read.all(from, to) as { sql: string }[]
    const del = db.prepare('DELETE FROM temp.undo_log WHERE seq BETWEEN ? AND ?')
    this.deleteRange = (from, to) => void del.run(from, to)
    const size = db
      .prepare('SELECT coalesce(sum(length(sql)), 0) FROM temp.undo_log WHERE seq BETWEEN ? AND ?')
      .pluck()
    this.sizeOf = (from, to) => size.get(from, to) as number
  }

  private installTriggers(table: string): void {
    const cols = this.db.prepare(`SELECT name, pk FROM pragma_table_info(?)`).all(table) as {
      name: string
      pk: number
    }[]
    const keys = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk)
    if (keys.length === 0) throw new Error(`table ${table} has no primary key`)
    const t = ident(table)
    const where = (row: 'OLD' | 'NEW'): string =>
      keys
        .map((k) => `'${ident(k.name)}=' || quote(${row}.${ident(k.name)})`)
        .join(` || ' AND ' || `)
    const names = cols.map((c) => ident(c.name)).join(',')
    const oldValues = cols.map((c) => `quote(OLD.${ident(c.name)})`).join(` || ',' || `)
    // An update is undone column by column, and a column only while it still holds what this step
    // wrote: undoing my edit of a note never reverts a tag, or a later note, that someone else
    // (another process, a team member) wrote meanwhile.
    const changed = (c: { name: string }): string =>
      `OLD.${ident(c.name)} IS NOT NEW.${ident(c.name)}`
    const revert = (c: { name: string }): string => {
      const col = ident(c.name)
      return `'${col}=CASE WHEN ${col} IS ' || quote(NEW.${col}) || ' THEN ' || quote(OLD.${col}) || ' ELSE ${col} END,'`
    }
    const sets = `rtrim(${cols
      .map((c) => `CASE WHEN ${changed(c)} THEN ${revert(c)} ELSE '' END`)
      .join(' || ')}, ',')`
    const anyChanged = cols.map(changed).join(' OR ')
    const log = (expr: string): string => `INSERT INTO temp.undo_log (sql) VALUES (${expr});`
    const name = (op: string): string => ident(`undo_${table}_${op}`)
    this.db.exec(`
      CREATE TEMP TRIGGER IF NOT EXISTS ${name('ins')} AFTER INSERT ON main.${t} BEGIN
        ${log(`'DELETE FROM ${t} WHERE ' || ${where('NEW')}`)}
      END;
      CREATE TEMP TRIGGER IF NOT EXISTS ${name('upd')} AFTER UPDATE ON main.${t}
        WHEN ${anyChanged} BEGIN
        ${log(`'UPDATE ${t} SET ' || ${sets} || ' WHERE ' || ${where('NEW')}`)}
      END;
      CREATE TEMP TRIGGER IF NOT EXISTS ${name('del')} AFTER DELETE ON main.${t} BEGIN
        ${log(`'INSERT INTO ${t} (${names.replace(/'/g, "''")}) VALUES (' || ${oldValues} || ')'`)}
      END;`)
  }

  /** Labels of the steps undo and redo would apply next. */
  get nextUndo(): string | null {
    return this.undoSteps.at(-1)?.label ?? null
  }

  get nextRedo(): string | null {
    return this.redoSteps.at(-1)?.label ?? null
  }

  /**
   * Runs `fn` as one transaction and records it as one undoable step (if it changed anything).
   * With a group, a write that directly follows the last step of the same group (nothing undone,
   * redone or written in between) joins that step instead, under group.label of the new total.
   */
  record<T>(label: string, sourceIds: string[], fn: () => T, group?: Group): T {
    return immediate(this.db, () => {
      const from = this.lastSeq() + 1
      const result = fn()
      const to = this.lastSeq()
      if (to >= from) {
        const last = this.undoSteps.at(-1)
        const bytes = this.sizeOf(from, to)
        this.bytes += bytes
        if (group && last?.group?.id === group.id && last.to === from - 1) {
          const count = last.group.count + group.count
          last.to = to
          last.label = group.label(count)
          last.sourceIds = [...new Set([...last.sourceIds, ...sourceIds])]
          last.group = { ...group, count }
          last.bytes += bytes
        } else {
          this.undoSteps.push({
            label,
            sourceIds: [...new Set(sourceIds)],
            from,
            to,
            bytes,
            ...(group ? { group } : {})
          })
        }
        for (const step of this.redoSteps) this.deleteRange(step.from, step.to)
        this.redoSteps = []
        while (
          this.undoSteps.length > this.bounds.maxSteps ||
          (this.bytes > this.bounds.maxBytes && this.undoSteps.length > 1)
        ) {
          const dropped = this.undoSteps.shift() as Step
          this.bytes -= dropped.bytes
          this.deleteRange(dropped.from, dropped.to)
        }
      }
      return result
    })
  }

  /** Runs `fn` as one transaction that is not undoable (e.g. seeding the sample archive). */
  untracked<T>(fn: () => T): T {
    return immediate(this.db, () => {
      const from = this.lastSeq() + 1
      const result = fn()
      this.deleteRange(from, this.lastSeq())
      return result
    })
  }

  /** Reverts the latest step; `after` runs inside the same transaction (e.g. to re-index). */
  undo(after?: () => void): HistoryStep {
    return this.replay(this.undoSteps, this.redoSteps, 'Nothing to undo.', after)
  }

  redo(after?: () => void): HistoryStep {
    return this.replay(this.redoSteps, this.undoSteps, 'Nothing to redo.', after)
  }

  private replay(from: Step[], to: Step[], emptyMessage: string, after?: () => void): HistoryStep {
    const step = from.at(-1)
    if (!step) throw new ArchiveError('NOTHING_TO_UNDO', emptyMessage)
    let range: { from: number; to: number }
    try {
      range = immediate(this.db, () => {
        // Children may be re-inserted before their parents; check foreign keys at commit.
        this.db.pragma('defer_foreign_keys = ON')
        const statements = this.readRange(step.from, step.to)
        this.deleteRange(step.from, step.to)
        const start = this.lastSeq() + 1
        for (const { sql } of statements) this.db.exec(sql)
        const range = { from: start, to: this.lastSeq() }
        after?.()
        return range
      })
    } catch (error) {
      if (!String((error as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')) throw error
      // Another process (or a team member) changed what the step touched, e.g. deleted the
      // source an annotation of the step belongs to: the step cannot apply and is forgotten.
      from.pop()
      if (from === this.undoSteps) this.bytes -= step.bytes
      this.deleteRange(step.from, step.to)
      throw new ArchiveError(
        'CONFLICT',
        `“${step.label}” cannot be ${from === this.undoSteps ? 'undone' : 'redone'}: what it changed was changed elsewhere since (another Parallax or a team member).`
      )
    }
    from.pop()
    const bytes = this.sizeOf(range.from, range.to)
    to.push({ label: step.label, sourceIds: step.sourceIds, ...range, bytes })
    this.bytes += to === this.undoSteps ? bytes : -step.bytes
    return { label: step.label, sourceIds: step.sourceIds }
  }

  /** Forgets every step (after the archive was replaced or reopened). */
  clear(): void {
    this.undoSteps.length = 0
    this.redoSteps = []
    this.bytes = 0
    this.db.exec('DELETE FROM temp.undo_log')
  }
}
