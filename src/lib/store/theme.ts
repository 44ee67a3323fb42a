/**
 * The colour theme the user picked. Not secret and needed before the first paint, so it lives in
 * localStorage (synchronous), not IndexedDB; a browser with storage disabled just follows the system.
 */

export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

/** The one localStorage key the app uses. */
export const THEME_KEY = 'oauth-playground:theme';

/** The saved choice, or `system` when none (or storage is unavailable, or the value is unknown). */
export function loadTheme(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): ThemeChoice {
  try {
    const value = storage?.getItem(THEME_KEY);
    return THEME_CHOICES.includes(value as ThemeChoice) ? (value as ThemeChoice) : 'system';
  } catch {
    return 'system';
  }
}

/** Saves `choice` (`system` removes the key); a storage failure only means it is not remembered. */
export function saveTheme(choice: ThemeChoice, storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined = globalThis.localStorage): void {
  try {
    if (choice === 'system') storage?.removeItem(THEME_KEY);
    else storage?.setItem(THEME_KEY, choice);
  } catch {
    // private mode or disabled storage: the choice lasts for this page only
  }
}
