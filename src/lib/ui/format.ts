/** Display formatting shared by components. Pure functions, no state. */

/** `3725` → `1h 2m 5s`. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return [h ? `${h}h` : '', h || m ? `${m}m` : '', `${s % 60}s`].filter(Boolean).join(' ');
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
