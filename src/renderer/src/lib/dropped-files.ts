// Files dropped on the window, folders included (walked recursively; hidden files and folders skipped).

interface Entry {
  isFile: boolean
  isDirectory: boolean
  name: string
  file?(ok: (f: File) => void, fail: (e: unknown) => void): void
  createReader?(): { readEntries(ok: (entries: Entry[]) => void, fail: (e: unknown) => void): void }
}

async function walk(entry: Entry, out: File[]): Promise<void> {
  if (entry.name.startsWith('.')) return
  if (entry.isFile && entry.file) {
    out.push(await new Promise<File>((ok, fail) => entry.file?.(ok, fail)))
  } else if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader()
    // readEntries returns a folder's entries in chunks until it returns none.
    for (;;) {
      const batch = await new Promise<Entry[]>((ok, fail) => reader.readEntries(ok, fail))
      if (batch.length === 0) break
      for (const child of batch) await walk(child, out)
    }
  }
}

/** Every file in a drop: plain files as they are, folders walked. */
export async function droppedFiles(data: DataTransfer): Promise<File[]> {
  const entries = [...data.items]
    .map((item) => (item.kind === 'file' ? (item.webkitGetAsEntry() as Entry | null) : null))
    .filter((e): e is Entry => e !== null)
  if (entries.length === 0) return [...data.files]
  const out: File[] = []
  for (const entry of entries) await walk(entry, out)
  return out
}
