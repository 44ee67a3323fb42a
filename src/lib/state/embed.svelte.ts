/**
 * Embed and tutorial mode (`?embed=1`, `?tutorial=1`): opens the preset the link names, locks the
 * settings when asked, keeps the authorization in a popup (a full-page redirect inside an iframe
 * would take the frame away), follows the flow's steps in the exchange log, and posts `step`,
 * `token`, `error` and `resize` events to the embedding page at the one origin the link names.
 * Loaded only when the URL asks for one of these modes.
 */
import { untrack } from 'svelte';
import { errorEvent, resizeEvent, stepEvents, tokenEvent, type EmbedEvent, type StepPosition } from '../config/embed-events';
import { eventTargetOrigin, type EmbedOptions } from '../config/embed-options';
import { findPreset } from '../config/presets';
import { tutorialProgress } from '../config/tutorial';
import type { Playground } from './playground.svelte';

export { parseEmbedOptions } from '../config/embed-options';
export { embeddedStorage } from '../store/embedded-storage';

/** The page this one is framed in. */
export interface ParentPort {
  /** Whether this page is inside a frame at all. */
  framed: boolean;
  post(event: EmbedEvent, targetOrigin: string): void;
  /**
   * Calls `report` with the height of this page's content now, and again after it changes, at most
   * once an animation frame. Returns the function that stops watching.
   */
  watchHeight(report: (height: number) => void): () => void;
}

/** The real parent window. The browser drops a message whose `targetOrigin` is not the parent's. */
export function parentPort(): ParentPort {
  return {
    framed: window.parent !== window,
    post: (event, targetOrigin) => window.parent.postMessage(event, targetOrigin),
    watchHeight(report) {
      // The root element's box is as tall as the content (its height is auto), unlike
      // `scrollHeight`, which never drops below the frame's own height: a frame sized from it
      // could grow but never shrink back.
      const root = document.documentElement;
      let frame = 0;
      const measure = () => {
        frame = 0;
        report(root.getBoundingClientRect().height);
      };
      const observer = new ResizeObserver(() => {
        frame ||= requestAnimationFrame(measure);
      });
      observer.observe(root);
      return () => {
        observer.disconnect();
        cancelAnimationFrame(frame);
      };
    },
  };
}

export class EmbedSession {
  readonly options: EmbedOptions;
  /** Where events go; null when they are off (not framed, or no valid parent origin). */
  readonly targetOrigin: string | null;
  /** Things the link asked for that could not be done, in plain words. */
  notes = $state<string[]>([]);
  /** Events posted so far (counted, for the page to say events are flowing). */
  posted = $state(0);
  #pg: Playground;
  #parent: ParentPort;
  #stop: (() => void) | undefined;

  constructor(pg: Playground, options: EmbedOptions, parent: ParentPort) {
    this.#pg = pg;
    this.#parent = parent;
    this.options = options;
    this.targetOrigin = eventTargetOrigin(options, parent.framed);
    this.notes = [...options.problems];
  }

  /** Where the current run stands, from the real exchanges in the log. */
  progress = $derived.by(() => tutorialProgress(this.#pg.auth.oauth2.grantType, this.#pg.log?.entries ?? []));

  /** After the playground has loaded: applies the link's preset, lock and popup mode, then starts posting events. */
  async start(): Promise<void> {
    const pg = this.#pg;
    const { presetId, embed, lock } = this.options;
    if (presetId) {
      if (findPreset(presetId, pg.presets)) pg.selectPreset(presetId);
      else this.notes.push(`There is no preset “${presetId}”; the default preset is open.`);
    }
    // In a frame, a share link in the fragment is the embedder's choice: apply it without asking.
    if (embed && pg.links.share?.incoming) await pg.links.share.apply();
    if (embed || lock) pg.embed({ popup: embed, lock });
    this.#watch();
  }

  #post(event: EmbedEvent): void {
    if (!this.targetOrigin) return;
    this.#parent.post(event, this.targetOrigin);
    this.posted++;
  }

  #watch(): void {
    if (!this.targetOrigin || this.#stop) return;
    const pg = this.#pg;
    let lastStep: StepPosition | null = null;
    let lastRun = pg.tokens.current?.id ?? null;
    let lastHeight = -1;
    const seen = new WeakSet<object>([pg.attempt.error, pg.test.error].filter((e) => e !== null));
    const stopHeight = this.#parent.watchHeight((height) => {
      const event = resizeEvent(height);
      if (event.height === lastHeight) return;
      lastHeight = event.height;
      this.#post(event);
    });
    const stopEffects = $effect.root(() => {
      $effect(() => {
        const progress = this.progress;
        const events = stepEvents(lastStep, progress);
        lastStep = progress;
        untrack(() => events.forEach((event) => this.#post(event)));
      });
      $effect(() => {
        const run = pg.tokens.current;
        if (!run || run.id === lastRun) return;
        lastRun = run.id;
        untrack(() => this.#post(tokenEvent(run.token, this.options.deliverToken)));
      });
      $effect(() => {
        for (const error of [pg.attempt.error, pg.discovery.error, pg.test.error]) {
          if (!error || seen.has(error)) continue;
          seen.add(error);
          untrack(() => this.#post(errorEvent(error, pg.secrets)));
        }
      });
    });
    this.#stop = () => {
      stopHeight();
      stopEffects();
    };
  }

  /** Stops posting events. */
  stop(): void {
    this.#stop?.();
    this.#stop = undefined;
  }
}
