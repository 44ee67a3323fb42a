/**
 * How the person arranged the workbench: the bottom drawer's height and whether the sidebar is
 * collapsed. Not secret and needed at the first paint, so it lives in localStorage next to the theme;
 * a browser with storage disabled just gets the defaults.
 */

/** The localStorage key of the layout preferences. */
export const LAYOUT_KEY = 'oauth-playground:layout';

export interface LayoutPrefs {
  /** The drawer's content height in CSS pixels. */
  drawerHeight: number;
  sidebarCollapsed: boolean;
}

export const DRAWER_MIN = 160;
export const DRAWER_MAX = 1200;
export const DEFAULT_LAYOUT: LayoutPrefs = { drawerHeight: 360, sidebarCollapsed: false };

/** Clamps a drawer height to the allowed range (rounded to whole pixels). */
export function clampDrawer(height: number): number {
  return Math.round(Math.min(DRAWER_MAX, Math.max(DRAWER_MIN, height)));
}

/** The saved preferences, checked field by field; anything unreadable falls back to the default. */
export function loadLayout(storage?: Pick<Storage, 'getItem'> | null): LayoutPrefs {
  try {
    // read inside the try: a framed page with storage blocked throws on `localStorage` itself
    const from = storage === undefined ? globalThis.localStorage : storage;
    const raw: unknown = JSON.parse(from?.getItem(LAYOUT_KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_LAYOUT };
    const { drawerHeight, sidebarCollapsed } = raw as Record<string, unknown>;
    return {
      drawerHeight: typeof drawerHeight === 'number' && Number.isFinite(drawerHeight) ? clampDrawer(drawerHeight) : DEFAULT_LAYOUT.drawerHeight,
      sidebarCollapsed: typeof sidebarCollapsed === 'boolean' ? sidebarCollapsed : DEFAULT_LAYOUT.sidebarCollapsed,
    };
  } catch {
    return { ...DEFAULT_LAYOUT };
  }
}

/** Saves the preferences; a storage failure only means they are not remembered. */
export function saveLayout(prefs: LayoutPrefs, storage?: Pick<Storage, 'setItem'> | null): void {
  try {
    (storage === undefined ? globalThis.localStorage : storage)?.setItem(LAYOUT_KEY, JSON.stringify(prefs));
  } catch {
    // private mode or disabled storage: the layout lasts for this page only
  }
}
