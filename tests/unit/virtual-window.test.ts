import { describe, expect, it } from 'vitest';
import { averageSize, indexAt, itemOffsets, visibleRange } from '../../src/lib/ui/virtual-window';

const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`);

describe('itemOffsets', () => {
  it('adds measured heights and gaps in order; unmeasured items count as the measured average', () => {
    const sizes = new Map([['k0', 100], ['k2', 50]]);
    expect([...itemOffsets(keys(4), sizes, 999, 10)]).toEqual([0, 110, 195, 255, 340]);
  });

  it('uses the estimate while nothing is measured, and ignores sizes of keys no longer listed', () => {
    expect([...itemOffsets(keys(3), new Map(), 40)]).toEqual([0, 40, 80, 120]);
    expect(averageSize(new Map([['gone', 10], ['k0', 30]]), 99)).toBe(20);
    expect([...itemOffsets([], new Map(), 40)]).toEqual([0]);
  });
});

describe('indexAt and visibleRange', () => {
  const offsets = itemOffsets(keys(100), new Map(), 50); // item i spans [50i, 50i + 50)

  it('finds the item under a position, 0 above the list and the count past its end', () => {
    expect(indexAt(offsets, -10)).toBe(0);
    expect(indexAt(offsets, 0)).toBe(0);
    expect(indexAt(offsets, 49)).toBe(0);
    expect(indexAt(offsets, 50)).toBe(1);
    expect(indexAt(offsets, 4999)).toBe(99);
    expect(indexAt(offsets, 6000)).toBe(100);
  });

  it('draws the items meeting the view, widened by the overscan, never past either end', () => {
    expect(visibleRange(offsets, 0, 200, 0)).toEqual({ start: 0, end: 5 });
    expect(visibleRange(offsets, 1000, 200, 100)).toEqual({ start: 18, end: 27 });
    expect(visibleRange(offsets, 4800, 200, 100)).toEqual({ start: 94, end: 100 });
    expect(visibleRange(offsets, 9000, 200, 100)).toEqual({ start: 100, end: 100 });
    expect(visibleRange(itemOffsets([], new Map(), 50), 0, 500, 100)).toEqual({ start: 0, end: 0 });
  });

  it('a gap between items counts in the offsets but not as part of an item', () => {
    const gapped = itemOffsets(keys(10), new Map(), 90, 10); // item i spans [100i, 100i + 90)
    expect(indexAt(gapped, 95, 10)).toBe(1);
    expect(visibleRange(gapped, 0, 250, 0, 10)).toEqual({ start: 0, end: 3 });
  });
});
