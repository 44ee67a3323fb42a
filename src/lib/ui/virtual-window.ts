/**
 * The arithmetic of a windowed list (VirtualList.svelte): where each item starts, given the heights
 * measured so far, and which items a scroll position needs drawn. No DOM.
 */

/** The height an item not measured yet is taken to have: the average of those measured, else `estimate`. */
export function averageSize(sizes: ReadonlyMap<string, number>, estimate: number): number {
  let total = 0;
  for (const size of sizes.values()) total += size;
  return sizes.size > 0 ? total / sizes.size : estimate;
}

/**
 * Where each item starts, from the top of the list's content: `offsets[i]` for item `i`, and
 * `offsets[n]` past the last one (plus one gap). An item not measured yet counts as `averageSize`.
 * @param keys each item's key, in order
 * @param sizes measured heights by key (may hold keys no longer listed)
 * @param gap the space between two items (a flex `row-gap`)
 */
export function itemOffsets(keys: readonly string[], sizes: ReadonlyMap<string, number>, estimate: number, gap = 0): Float64Array {
  const average = averageSize(sizes, estimate);
  const offsets = new Float64Array(keys.length + 1);
  for (let i = 0; i < keys.length; i++) offsets[i + 1] = offsets[i]! + (sizes.get(keys[i]!) ?? average) + gap;
  return offsets;
}

/** The first item whose end (gap excluded) is below `y`; the item count when none is. */
export function indexAt(offsets: Float64Array, y: number, gap = 0): number {
  let low = 0;
  let high = offsets.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offsets[mid + 1]! - gap <= y) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The items to draw, `start` included, `end` excluded: those that meet the view from `top` (the
 * scroll position, relative to the list's content) for `height` pixels, widened by `overscan`
 * pixels either way.
 */
export function visibleRange(offsets: Float64Array, top: number, height: number, overscan: number, gap = 0): { start: number; end: number } {
  const count = offsets.length - 1;
  const start = Math.min(count, indexAt(offsets, top - overscan, gap));
  const end = Math.min(count, indexAt(offsets, top + height + overscan, gap) + 1);
  return { start, end: Math.max(start, end) };
}
