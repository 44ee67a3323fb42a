/**
 * The parts of the browser the flows touch (address bar, navigation, popups, cross-window
 * messages), behind one interface so state classes stay testable and side effects stay visible.
 */

/** Name of the popup window and of the channel the popup reports back on. */
export const POPUP_NAME = 'oauth-playground-authorize';
export const CALLBACK_CHANNEL = 'oauth-playground-callback';
const POPUP_FEATURES = 'popup,width=520,height=720';

export interface CallbackMessage {
  type: 'authorization-response';
  state: string;
  /** The authorization response parameters, as a query string. */
  params: string;
}

/** A popup window this page opened and may still send somewhere. */
export interface PopupWindow {
  /** Sends the popup to `url` (the authorization request). */
  navigate(url: URL): void;
  close(): void;
}

export interface BrowserPort {
  currentUrl(): URL;
  /** Replaces the address bar's URL without a navigation (history.replaceState). */
  replaceUrl(url: URL): void;
  /** Leaves the page for `url` (a full-page redirect). */
  navigate(url: URL): void;
  /** Opens `url` in the named popup; null when the browser blocked it. */
  openPopup(url: URL): Window | null;
  /**
   * Opens the named popup empty, at once: called within the click, while the browser still counts
   * it as the user's gesture (it blocks popups opened later, after awaits). The flow sends it on
   * once the authorization URL is ready. Null when the browser blocked it.
   */
  openEmptyPopup(): PopupWindow | null;
  /** Whether this window is the authorization popup. */
  isPopup(): boolean;
  /** Whether the window that opened this one is still reachable (`window.opener`). */
  hasOpener(): boolean;
  closeWindow(): void;
  /** Sends to the other windows of this origin (and to this window's opener, at this origin only). */
  post(message: CallbackMessage): void;
  /** Listens to the other windows of this origin; returns the stop function. */
  listen(handler: (message: CallbackMessage) => void): () => void;
}

function isCallbackMessage(value: unknown): value is CallbackMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.type === 'authorization-response' && typeof v.state === 'string' && typeof v.params === 'string';
}

/**
 * The real browser. BroadcastChannel is same-origin only, and needs no `window.opener` (which COOP may
 * cut); but it is partitioned by top-level site, so a playground framed in a docs page on another
 * site would not hear it: the popup also posts to its opener, with this origin as `targetOrigin`.
 */
export function realBrowser(): BrowserPort {
  return {
    currentUrl: () => new URL(location.href),
    replaceUrl: (url) => history.replaceState(history.state, '', url),
    navigate: (url) => location.assign(url),
    openPopup: (url) => window.open(url, POPUP_NAME, POPUP_FEATURES),
    openEmptyPopup: () => {
      const popup = window.open('about:blank', POPUP_NAME, POPUP_FEATURES);
      return popup && { navigate: (url) => popup.location.replace(url), close: () => popup.close() };
    },
    isPopup: () => window.name === POPUP_NAME || (window.opener !== null && window.opener !== window),
    hasOpener: () => window.opener !== null && window.opener !== window,
    closeWindow: () => window.close(),
    post: (message) => {
      const channel = new BroadcastChannel(CALLBACK_CHANNEL);
      channel.postMessage(message);
      channel.close();
      try {
        (window.opener as Window | null)?.postMessage(message, location.origin);
      } catch {
        // the opener is gone or was cut off: the channel is the only way
      }
    },
    listen: (handler) => {
      const channel = new BroadcastChannel(CALLBACK_CHANNEL);
      channel.onmessage = (event) => {
        if (isCallbackMessage(event.data)) handler(event.data);
      };
      const onMessage = (event: MessageEvent) => {
        if (event.origin === location.origin && isCallbackMessage(event.data)) handler(event.data);
      };
      window.addEventListener('message', onMessage);
      return () => {
        channel.close();
        window.removeEventListener('message', onMessage);
      };
    },
  };
}
