/**
 * The page's keyboard shortcuts, in one place: what `aria-keyshortcuts` says, the label shown beside
 * the button, and the test a keydown handler applies. Ctrl and ⌘ both work.
 */

export interface Shortcut {
  /** The `aria-keyshortcuts` value. */
  aria: string;
  /** Shown beside the button (only where a keyboard is). */
  label: string;
  matches(event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'key'>): boolean;
}

const modified = (event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey'>) => event.ctrlKey || event.metaKey;

/** Get token: Ctrl+Shift+Enter. */
export const GET_TOKEN_KEYS: Shortcut = {
  aria: 'Control+Shift+Enter Meta+Shift+Enter',
  label: 'Ctrl+Shift+Enter',
  matches: (event) => modified(event) && event.shiftKey && !event.altKey && event.key === 'Enter',
};

/** Send the test request: Ctrl+Enter. */
export const SEND_KEYS: Shortcut = {
  aria: 'Control+Enter Meta+Enter',
  label: 'Ctrl+Enter',
  matches: (event) => modified(event) && !event.shiftKey && !event.altKey && event.key === 'Enter',
};
