/** Display formatting shared by components. Pure functions, no state. */

/**
 * A duration in words a person reads at a glance, largest units first and at most two of them:
 * `86040` → `23 h 54 min`, `3725` → `1 h 2 min`, `599` → `9 min 59 s`, `42` → `42 s`, `90000` → `1 d 1 h`.
 */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const units: [number, string][] = [[Math.floor(s / 86400), 'd'], [Math.floor((s % 86400) / 3600), 'h'], [Math.floor((s % 3600) / 60), 'min'], [s % 60, 's']];
  const first = units.findIndex(([n]) => n > 0);
  if (first === -1) return '0 s';
  return units.slice(first, first + 2).filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}`).join(' ');
}

/** A JWT NumericDate (seconds) as a local date-time, or null when it is not a number. */
export function formatNumericDate(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const date = new Date(value * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toLocaleString();
}

/** Epoch milliseconds as a local date-time. */
export function formatTime(ms: number): string {
  return new Date(ms).toLocaleString();
}

/**
 * A time relative to `now` (both in seconds), in its largest whole unit: `in 3 min`, `2 h ago`,
 * `in 45 s`, `now` within a second.
 */
export function formatRelative(seconds: number, now: number): string {
  const diff = Math.trunc(seconds - now);
  if (diff === 0) return 'now';
  const abs = Math.abs(diff);
  const [n, unit] = abs >= 86400 ? [Math.floor(abs / 86400), 'd'] : abs >= 3600 ? [Math.floor(abs / 3600), 'h'] : abs >= 60 ? [Math.floor(abs / 60), 'min'] : [abs, 's'];
  return diff > 0 ? `in ${n} ${unit}` : `${n} ${unit} ago`;
}
