import type { BrowserPort } from '../../../src/lib/state/browser';

/**
 * A browser for state tests: at `url` (its address bar follows `replaceUrl`), no popups, no
 * navigation, no messages. Override what a test watches: `{ ...quietBrowser(), navigate: spy }`.
 */
export function quietBrowser(url = 'http://127.0.0.1:4173/'): BrowserPort {
  let current = new URL(url);
  return {
    currentUrl: () => new URL(current.href),
    replaceUrl: (next) => void (current = new URL(next.href)),
    navigate: () => undefined,
    openPopup: () => null,
    openEmptyPopup: () => null,
    isPopup: () => false,
    hasOpener: () => false,
    closeWindow: () => undefined,
    post: () => undefined,
    listen: () => () => undefined,
  };
}
