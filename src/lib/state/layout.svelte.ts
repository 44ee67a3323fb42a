/**
 * The workbench's own UI state: the bottom drawer's height and the sidebar's collapsed state,
 * remembered across visits. Components read the getters and call the methods; nothing else writes.
 */
import { clampDrawer, loadLayout, saveLayout, type LayoutPrefs } from '../store/layout';

type PrefsStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** localStorage, or none where reading it throws (storage blocked for a framed page). */
function localStorageOrNone(): PrefsStorage | null {
  try {
    return globalThis.localStorage;
  } catch {
    return null;
  }
}

export class LayoutState {
  #drawerHeight = $state(0);
  #sidebarCollapsed = $state(false);
  #storage: PrefsStorage | null;

  constructor(storage: PrefsStorage | null = localStorageOrNone()) {
    this.#storage = storage;
    const prefs = loadLayout(storage);
    this.#drawerHeight = prefs.drawerHeight;
    this.#sidebarCollapsed = prefs.sidebarCollapsed;
  }

  get drawerHeight(): number {
    return this.#drawerHeight;
  }

  get sidebarCollapsed(): boolean {
    return this.#sidebarCollapsed;
  }

  /** Sets the drawer's height (clamped) and remembers it. */
  resizeDrawer(height: number): void {
    this.#drawerHeight = clampDrawer(height);
    this.#save();
  }

  /** Grows (positive) or shrinks (negative) the drawer by `delta` pixels. */
  nudgeDrawer(delta: number): void {
    this.resizeDrawer(this.#drawerHeight + delta);
  }

  toggleSidebar(): void {
    this.#sidebarCollapsed = !this.#sidebarCollapsed;
    this.#save();
  }

  #save(): void {
    const prefs: LayoutPrefs = { drawerHeight: this.#drawerHeight, sidebarCollapsed: this.#sidebarCollapsed };
    saveLayout(prefs, this.#storage);
  }
}
