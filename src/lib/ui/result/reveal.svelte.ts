/**
 * Brings each new result into view and says it: when a token attempt or a test request ends, its
 * part of the result pane is scrolled into view (below the sticky action bar) and a polite live
 * region announces the outcome, so keyboard and screen-reader users land on it. Also when the page
 * comes back from a redirect. Only scrolls and speaks: no requests, no state of the playground.
 */
import type { Playground } from '../../state/playground.svelte';
import { formatDuration } from '../format';

type Target = 'token' | 'response';

export class Reveal {
  #announcement = $state('');
  #elements = new Map<Target, HTMLElement>();
  /** A result that came before its part of the pane was drawn (the pane loads after the first paint). */
  #pending: Target | null = null;
  #pg: Playground;

  /** Call while the app initialises (before the lazily drawn pane): the watching lives as long as it. */
  constructor(pg: Playground) {
    this.#pg = pg;
    let tokenBusy = pg.tasks.busy === 'token';
    let sending = pg.test.sending;
    // a redirect return that finished before this pane was drawn
    const step = pg.authorization?.view?.step;
    if (step === 'done' || step === 'failed') queueMicrotask(() => this.#show('token'));
    $effect(() => {
      const now = pg.tasks.busy === 'token';
      if (tokenBusy && !now) this.#show('token');
      tokenBusy = now;
    });
    $effect(() => {
      const now = pg.test.sending;
      if (sending && !now) this.#show('response');
      sending = now;
    });
  }

  /** What the live region says about the last result. */
  get announcement(): string {
    return this.#announcement;
  }

  /** An attachment marking the element that shows `target`'s result. */
  target(target: Target) {
    return (element: HTMLElement) => {
      this.#elements.set(target, element);
      if (this.#pending === target) this.#scrollTo(target);
      return () => void this.#elements.delete(target);
    };
  }

  #show(target: Target): void {
    this.#announcement = target === 'token' ? this.#tokenWords() : this.#responseWords();
    this.#scrollTo(target);
  }

  #scrollTo(target: Target): void {
    this.#pending = target;
    // after the result is drawn
    requestAnimationFrame(() => {
      const element = this.#elements.get(target);
      if (!element) return;
      this.#pending = null;
      // in view already (its top below the pane's top and well inside the window): leave the page be
      const top = element.getBoundingClientRect().top;
      const paneTop = Math.max(0, element.closest('.result')?.getBoundingClientRect().top ?? 0);
      if (top < paneTop - 1 || top > window.innerHeight - 80) element.scrollIntoView({ block: 'start' });
    });
  }

  // Short words of its own: the alert and the token view say the details (and a test finding text
  // on the page must not find it twice).
  #tokenWords(): string {
    const { attempt, tokens } = this.#pg;
    if (attempt.error) return 'Token request failed: the alert in the result pane says why.';
    const token = tokens.current?.token;
    if (!token) return '';
    return token.expires_in === undefined ? 'Token received, with no expiry given.' : `Token received, valid for ${formatDuration(token.expires_in)}.`;
  }

  #responseWords(): string {
    const { test } = this.#pg;
    if (test.error) return 'Test request failed: the alert in the result pane says why.';
    return test.response ? `Test response received: HTTP ${test.response.status}.` : '';
  }
}
