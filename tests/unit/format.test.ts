import { describe, expect, it } from 'vitest';
import { formatDuration, formatRelative } from '../../src/lib/ui/format';

describe('formatDuration', () => {
  it('reads as hours and minutes, not a count of minutes (issue 14: "1433 min")', () => {
    expect(formatDuration(23 * 3600 + 53 * 60 + 12)).toBe('23 h 53 min');
  });
  it('keeps the two largest units and drops zero ones', () => {
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(3725)).toBe('1 h 2 min');
    expect(formatDuration(599)).toBe('9 min 59 s');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(90_000)).toBe('1 d 1 h');
  });
  it('never goes negative or fractional', () => {
    expect(formatDuration(-5)).toBe('0 s');
    expect(formatDuration(0.9)).toBe('0 s');
  });
});

describe('formatRelative', () => {
  const now = 1_700_000_000;
  it.each([
    [now + 180, 'in 3 min'],
    [now - 7200, '2 h ago'],
    [now - 7199, '1 h ago'],
    [now + 45, 'in 45 s'],
    [now - 1, '1 s ago'],
    [now + 3 * 86400 + 5, 'in 3 d'],
    [now, 'now'],
  ])('%i → %s', (seconds, text) => {
    expect(formatRelative(seconds, now)).toBe(text);
  });
});
