/**
 * Keeps tabs of this origin in step: each change to saved credentials, variables, tokens, the vault
 * or a log is announced on one BroadcastChannel, and the other tabs re-read what changed.
 */
export const SYNC_CHANNEL = 'oauth-playground-sync';
export type SyncKind = 'credentials' | 'environments' | 'tokens' | 'vault' | 'log';

export interface SyncMessage {
  kind: SyncKind;
  /** The log written, for `log`. */
  key?: string;
}

const KINDS: readonly string[] = ['credentials', 'environments', 'tokens', 'vault', 'log'];

export class TabSync {
  readonly #channel: BroadcastChannel | null;
  readonly #tabId = `tab-${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}`;

  /** `onMessage` hears what other tabs announce (never this tab's own). */
  constructor(onMessage: (message: SyncMessage) => void) {
    this.#channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(SYNC_CHANNEL);
    if (this.#channel) this.#channel.onmessage = (event) => {
      const message = parse(event.data);
      if (message && message.from !== this.#tabId) onMessage(message);
    };
  }

  announce(kind: SyncKind, key?: string): void {
    this.#channel?.postMessage({ kind, from: this.#tabId, ...(key === undefined ? {} : { key }) });
  }

  close(): void {
    this.#channel?.close();
  }
}

/** Checks a message from another tab (anything of this origin may post on the channel). */
function parse(data: unknown): (SyncMessage & { from: unknown }) | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { kind, from, key } = data as { kind?: unknown; from?: unknown; key?: unknown };
  if (typeof kind !== 'string' || !KINDS.includes(kind)) return undefined;
  return { kind: kind as SyncKind, from, ...(typeof key === 'string' ? { key } : {}) };
}
