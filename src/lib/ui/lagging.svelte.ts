import { untrack } from 'svelte';
import { inBackground } from '../state/background';

/**
 * What `read()` returns, caught up with in a background task rather than at once: for views that
 * are costly to draw (recorded exchanges, the log) and must not hold up the token on screen.
 * Create it while a component initialises (it uses `$effect`).
 */
export class Lagging<T> {
  current = $state.raw<T>() as T;
  #latest: T;
  #scheduled = false;

  constructor(read: () => T) {
    this.#latest = this.current = read();
    $effect(() => {
      this.#latest = read();
      if (this.#scheduled || untrack(() => this.current) === this.#latest) return;
      this.#scheduled = true;
      inBackground(() => {
        this.#scheduled = false;
        this.current = this.#latest;
      });
    });
  }
}
