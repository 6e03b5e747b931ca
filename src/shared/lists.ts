// Comparing lists.

/** Whether two lists hold the same items in the same order (by `===`, or by `same` if given). */
export function sameItems<T>(
  a: readonly T[],
  b: readonly T[],
  same: (x: T, y: T) => boolean = (x, y) => x === y
): boolean {
  return a.length === b.length && a.every((x, i) => same(x, b[i]))
}
