/**
 * The parts of the browser the flows touch (address bar, navigation, popups, cross-window
 * messages), behind one interface so state classes stay testable and side effects stay visible.
 */

/** Name of the popup window and of the channel the popup reports back on. */
export const POPUP_NAME = 'oauth-playground-authorize';
export const CALLBACK_CHANNEL = 'oauth-playground-callback';

export interface CallbackMessage {
  type: 'authorization-response';
  state: string;
  /** The authorization response parameters, as a query string. */
  params: string;
}

export interface BrowserPort {
  currentUrl(): URL;
  /** Replaces the address bar's URL without a navigation (history.replaceState). */
  replaceUrl(url: URL): void;
  /** Leaves the page for `url` (a full-page redirect). */
  navigate(url: URL): void;
  /** Opens `url` in the named popup; null when the browser blocked it. */
  openPopup(url: URL): Window | null;
  /** Whether this window is the authorization popup. */
  isPopup(): boolean;
  closeWindow(): void;
  /** Sends to the other windows of this origin. */
  post(message: CallbackMessage): void;
  /** Listens to the other windows of this origin; returns the stop function. */
  listen(handler: (message: CallbackMessage) => void): () => void;
}

function isCallbackMessage(value: unknown): value is CallbackMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.type === 'authorization-response' && typeof v.state === 'string' && typeof v.params === 'string';
}

/** The real browser. BroadcastChannel is same-origin only, and needs no `window.opener` (which COOP may cut). */
export function realBrowser(): BrowserPort {
  return {
    currentUrl: () => new URL(location.href),
    replaceUrl: (url) => history.replaceState(history.state, '', url),
    navigate: (url) => location.assign(url),
    openPopup: (url) => window.open(url, POPUP_NAME, 'popup,width=520,height=720'),
    isPopup: () => window.name === POPUP_NAME || (window.opener !== null && window.opener !== window),
    closeWindow: () => window.close(),
    post: (message) => {
      const channel = new BroadcastChannel(CALLBACK_CHANNEL);
      channel.postMessage(message);
      channel.close();
    },
    listen: (handler) => {
      const channel = new BroadcastChannel(CALLBACK_CHANNEL);
      channel.onmessage = (event) => {
        if (isCallbackMessage(event.data)) handler(event.data);
      };
      return () => channel.close();
    },
  };
}
