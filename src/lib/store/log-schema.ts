/**
 * The stored exchange log: its shape, the checks for it read back from storage (untrusted, like
 * every stored record), and its bound. Part of the storage module, loaded with the log instead of at
 * startup; `storage.ts` passes the bound in (`MAX_LOG_ENTRIES` lives there, with the keys), so this
 * module needs nothing from it and the two do not import each other.
 */
import type { Exchange } from '../http/exchange-record';

/** An exchange log as stored under `log:<credentialKey>` (`KEYS.log` in `storage.ts`). */
export interface StoredLog {
  /** Oldest first, masked. */
  entries: Exchange[];
  /** How many older exchanges were dropped to stay within the bound (`MAX_LOG_ENTRIES`). */
  dropped: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Bodies longer than this are stored cut (the live session keeps up to `MAX_RECORDED_BODY`). */
export const MAX_STORED_LOG_BODY = 64 * 1024;

const pairsOf = (value: unknown): [string, string][] | undefined =>
  Array.isArray(value) && value.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string')
    ? (value as [string, string][]).map(([n, v]) => [n, v])
    : undefined;

const cutBody = (body: string) => (body.length > MAX_STORED_LOG_BODY ? { body: body.slice(0, MAX_STORED_LOG_BODY), cut: true } : { body, cut: false });

const FAILURES = new Set<string>(['cors', 'network', 'timeout', 'proxy', 'cancelled'] satisfies NonNullable<Exchange['failure']>[]);

/** Checks one stored exchange; an unusable one yields undefined. */
export function parseLoggedExchange(value: unknown): Exchange | undefined {
  if (!isObject(value) || !isObject(value.request)) return undefined;
  const { id, label, startedAt, durationMs, request: r, response: s } = value;
  if (typeof id !== 'string' || typeof label !== 'string' || typeof startedAt !== 'number' || typeof durationMs !== 'number') return undefined;
  const headers = pairsOf(r.headers);
  if (typeof r.method !== 'string' || typeof r.url !== 'string' || !headers || (r.body !== null && typeof r.body !== 'string')) return undefined;
  const exchange: Exchange = { id, label, startedAt, durationMs, request: { method: r.method, url: r.url, headers, body: r.body as string | null } };
  if (s !== undefined) {
    const responseHeaders = isObject(s) ? pairsOf(s.headers) : undefined;
    if (!isObject(s) || typeof s.status !== 'number' || typeof s.statusText !== 'string' || typeof s.body !== 'string' || !responseHeaders) return undefined;
    exchange.response = { status: s.status, statusText: s.statusText, headers: responseHeaders, body: s.body, truncated: s.truncated === true };
  }
  if (typeof value.failure === 'string' && FAILURES.has(value.failure)) exchange.failure = value.failure as Exchange['failure'];
  if (value.kind === 'navigation') exchange.kind = 'navigation';
  return exchange;
}

/** Checks a stored log; unusable entries are dropped, a missing log is empty. */
export function parseStoredLog(value: unknown): StoredLog {
  if (!isObject(value) || !Array.isArray(value.entries)) return { entries: [], dropped: 0 };
  const entries = value.entries.flatMap((entry) => parseLoggedExchange(entry) ?? []);
  const dropped = typeof value.dropped === 'number' && Number.isFinite(value.dropped) && value.dropped >= 0 ? Math.floor(value.dropped) : 0;
  return { entries, dropped };
}

/** `log` within `maxEntries` (the newest kept) and with stored bodies cut, the dropped ones counted. */
export function boundLog(log: StoredLog, maxEntries: number): StoredLog {
  const over = Math.max(0, log.entries.length - maxEntries);
  const entries = log.entries.slice(over).map((entry) => {
    if (!entry.response) return entry;
    const { body, cut } = cutBody(entry.response.body);
    return cut ? { ...entry, response: { ...entry.response, body, truncated: true } } : entry;
  });
  return { entries, dropped: log.dropped + over };
}

/**
 * `ours` written over `stored`, for a write that must not lose what another tab of the same
 * credential logged meanwhile: the entries of both by id (ours win: an entry may have been completed
 * since), oldest first. Stored entries older than our oldest are left out when we dropped entries
 * (they were dropped on purpose, not missed).
 */
export function mergeLogs(stored: StoredLog, ours: StoredLog): StoredLog {
  const ourOldest = ours.dropped > 0 ? (ours.entries[0]?.startedAt ?? Infinity) : -Infinity;
  const byId = new Map(stored.entries.filter((entry) => entry.startedAt >= ourOldest).map((entry) => [entry.id, entry]));
  for (const entry of ours.entries) byId.set(entry.id, entry);
  const entries = [...byId.values()].sort((a, b) => a.startedAt - b.startedAt);
  return { entries, dropped: Math.max(stored.dropped, ours.dropped) };
}
