/**
 * Light, dark, or whatever the system says: applied as `data-theme` on the root element, which
 * app.css turns into its `color-scheme` (the colours follow through `light-dark()`).
 */
import { loadTheme, saveTheme, type ThemeChoice } from '../store/theme';

export class ThemeSetting {
  choice = $state<ThemeChoice>('system');
  #root: HTMLElement;

  constructor(root: HTMLElement = document.documentElement) {
    this.#root = root;
    this.choice = loadTheme();
    this.#apply();
  }

  /** Switches to `choice` and remembers it. */
  set(choice: ThemeChoice): void {
    this.choice = choice;
    saveTheme(choice);
    this.#apply();
  }

  #apply(): void {
    if (this.choice === 'system') delete this.#root.dataset.theme;
    else this.#root.dataset.theme = this.choice;
  }
}
