/**
 * The exchange log: every HTTP exchange the app makes (and the authorization redirect, as a
 * navigation) in order, kept per credential in storage, bounded, clearable. Entries of this session
 * are held whole in memory so they can be revealed; what is written to storage is masked first, so
 * entries restored after a reload (or after the authorization redirect) stay masked.
 */
import type { Exchange } from '../http/exchange';
import { redactExchange, redactUrl } from '../http/redact';
import { MAX_LOG_ENTRIES, type PlaygroundStorage, type StoredLog } from '../store/storage';
import { inBackground } from './background';

/** A logged exchange; `masked` when it came back from storage (its secrets are gone for good). */
export interface LogEntry extends Exchange {
  masked?: boolean;
}

export class ExchangeLog {
  /** Oldest first. Replaced, never mutated in place. */
  entries = $state.raw<LogEntry[]>([]);
  /** How many older exchanges were dropped to stay within the bound. */
  dropped = $state(0);
  /** Why the log could not be read or written, when that happens. */
  problem = $state<string | undefined>(undefined);
  readonly max = MAX_LOG_ENTRIES;
  #storage: Pick<PlaygroundStorage, 'loadLog' | 'saveLog' | 'clearLog'>;
  #secrets: () => readonly string[];
  #credentialKey: string;
  /** The write in progress, if any; changes made meanwhile are written right after it. */
  #saving: Promise<void> | undefined;
  #dirty = false;
  #onWritten: (credentialKey: string) => void;

  /**
   * @param secrets the secret values known now (client secret, tokens...), masked before writing.
   * @param credentialKey whose log this is; `draft` until credentials are saved.
   * @param onWritten called after each write (to tell other tabs showing the same log).
   */
  constructor(
    storage: Pick<PlaygroundStorage, 'loadLog' | 'saveLog' | 'clearLog'>,
    secrets: () => readonly string[],
    credentialKey = 'draft',
    onWritten: (credentialKey: string) => void = () => undefined,
  ) {
    this.#storage = storage;
    this.#secrets = secrets;
    this.#credentialKey = credentialKey;
    this.#onWritten = onWritten;
  }

  get credentialKey(): string {
    return this.#credentialKey;
  }

  /** Reads the log of `credentialKey` (the current one by default), replacing what is shown. */
  async load(credentialKey = this.#credentialKey): Promise<void> {
    await this.flush();
    this.#credentialKey = credentialKey;
    try {
      const stored = await this.#storage.loadLog(credentialKey);
      this.entries = stored.entries.map((entry) => ({ ...entry, masked: true }));
      this.dropped = stored.dropped;
    } catch (error) {
      this.problem = `The exchange log could not be read: ${error instanceof Error ? error.message : String(error)}.`;
    }
  }

  /**
   * Takes in what another tab wrote to `credentialKey`'s log, when it is this one: its entries
   * appear masked (as stored), this session's stay whole, oldest first.
   */
  async takeStored(credentialKey: string): Promise<void> {
    if (credentialKey !== this.#credentialKey) return;
    let stored: StoredLog;
    try {
      stored = await this.#storage.loadLog(credentialKey);
    } catch {
      return; // a read failing here changes nothing shown
    }
    if (credentialKey !== this.#credentialKey) return;
    const mine = new Map(this.entries.map((entry) => [entry.id, entry]));
    const storedIds = new Set(stored.entries.map((entry) => entry.id));
    const entries = [
      ...stored.entries.map((entry): LogEntry => mine.get(entry.id) ?? { ...entry, masked: true }),
      ...this.entries.filter((entry) => !storedIds.has(entry.id)), // recorded here since the last write
    ].sort((a, b) => a.startedAt - b.startedAt);
    const over = Math.max(0, entries.length - this.max);
    this.entries = entries.slice(over);
    this.dropped = stored.dropped + over;
  }

  /** Appends an exchange (dropping the oldest beyond the bound) and schedules a save. */
  record(exchange: Exchange): void {
    const entries = [...this.entries, exchange];
    const over = Math.max(0, entries.length - this.max);
    this.entries = entries.slice(over);
    this.dropped += over;
    this.#schedule();
  }

  /**
   * Logs the browser leaving for the authorization server, as a GET of `url`. `state` ties it to
   * the response that comes back (`completeNavigation`).
   */
  beginNavigation(label: string, url: string, state: string, now: number): void {
    this.record({ id: navigationId(state), label, startedAt: now, durationMs: 0, kind: 'navigation', request: { method: 'GET', url, headers: [], body: null } });
  }

  /**
   * The user came back to `callbackUrl`: recorded as the navigation's response (a redirect to the
   * redirect URI), or as its own entry when no navigation with this `state` is in the log.
   */
  completeNavigation(label: string, state: string, callbackUrl: string, now: number): void {
    const id = navigationId(state);
    const found = this.entries.find((entry) => entry.id === id);
    if (!found) {
      this.record({ id: `${id}:return`, label, startedAt: now, durationMs: 0, kind: 'navigation', request: { method: 'GET', url: callbackUrl, headers: [], body: null } });
      return;
    }
    const location = found.masked ? redactUrl(callbackUrl, this.#secrets()) : callbackUrl;
    const done: LogEntry = {
      ...found,
      durationMs: Math.max(0, now - found.startedAt),
      response: { status: 302, statusText: 'Found', headers: [['location', location]], body: '', truncated: false },
    };
    this.entries = this.entries.map((entry) => (entry.id === id ? done : entry));
    this.#schedule();
  }

  /** Resolves when every change so far is written (before the page leaves for another site). */
  async flush(): Promise<void> {
    while (this.#saving) await this.#saving;
  }

  /** Empties the log, here and in storage. */
  async clear(): Promise<void> {
    this.entries = [];
    this.dropped = 0;
    this.#dirty = false;
    await this.flush();
    await this.#storage.clearLog(this.#credentialKey).catch((error: unknown) => this.#failed(error));
  }

  /** The entries with secrets masked (entries restored from storage already are). */
  masked(secrets: readonly string[] = this.#secrets()): Exchange[] {
    return this.entries.map((entry) => (entry.masked ? entry : redactExchange(entry, secrets)));
  }

  /** Writes in a background task; changes made until the write is done are coalesced into one more write. */
  #schedule(): void {
    this.#dirty = true;
    // in the background: the write (a structured clone of the whole log) must not hold up a token
    this.#saving ??= new Promise<void>((start) => inBackground(start)).then(() => this.#drain());
  }

  async #drain(): Promise<void> {
    while (this.#dirty) {
      this.#dirty = false;
      const log: StoredLog = { entries: this.masked().map(({ masked: _, ...entry }: LogEntry) => entry), dropped: this.dropped };
      const key = this.#credentialKey;
      const written = await this.#storage.saveLog(key, log).then(
        () => true,
        (error: unknown) => (this.#failed(error), false),
      );
      if (written) this.#onWritten(key);
    }
    this.#saving = undefined;
  }

  #failed(error: unknown): void {
    this.problem = `The exchange log could not be saved: ${error instanceof Error ? error.message : String(error)}.`;
  }
}

const navigationId = (state: string) => `nav:${state}`;
