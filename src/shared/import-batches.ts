// How a bulk import is cut into requests: a few megabytes each, so progress moves and Cancel answers soon.

/**
 * Most files in one request (one transaction and one undo step). A transaction costs a fixed
 * amount besides its files (the search indexes are written out at its end): a folder of letters
 * imported 100 to a transaction ran 1.3x as fast as 20 to one, and 100 letters still take well
 * under a second, so progress moves and Cancel answers soon.
 */
export const BATCH_FILES = 100
/** Most bytes in one request; a larger file goes alone. */
export const BATCH_BYTES = 4_000_000

/**
 * Cuts files (given by size, in order) into consecutive batches of at most BATCH_FILES files and
 * BATCH_BYTES bytes; a file over BATCH_BYTES makes a batch of its own. Returns [start, end) index
 * pairs. Each batch is one transaction of the archive: fewer, fuller ones import faster (the
 * search index is written out once per transaction), smaller ones keep progress and Cancel quick.
 */
export function importBatches(
  sizes: readonly number[],
  maxFiles = BATCH_FILES,
  maxBytes = BATCH_BYTES
): [number, number][] {
  const out: [number, number][] = []
  let start = 0
  let bytes = 0
  for (let i = 0; i < sizes.length; i++) {
    if (i > start && (i - start >= maxFiles || bytes + sizes[i] > maxBytes)) {
      out.push([start, i])
      start = i
      bytes = 0
    }
    bytes += sizes[i]
  }
  if (start < sizes.length) out.push([start, sizes.length])
  return out
}
