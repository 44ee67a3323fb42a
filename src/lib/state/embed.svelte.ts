/**
 * Embed and tutorial mode (`?embed=1`, `?tutorial=1`): opens the preset the link names, locks the
 * settings when asked, keeps the authorization in a popup (a full-page redirect inside an iframe
 * would take the frame away), and posts `step`, `token`, `error` and `resize` events to the
 * embedding page at the one origin the link names (`embed-watch.svelte.ts`, loaded only then).
 * Loaded only when the URL asks for one of these modes.
 */
import { eventTargetOrigin, type EmbedOptions } from '../config/embed-options';
import type { ParentPort } from './embed-watch.svelte';
import type { Playground } from './playground.svelte';

export { parseEmbedOptions } from '../config/embed-options';
export { embeddedStorage } from '../store/embedded-storage';
export type { ParentPort } from './embed-watch.svelte';

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
    // the frame before the next paint, then the task after it
    nextPaint: () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))),
  };
}

export class EmbedSession {
  readonly options: EmbedOptions;
  /** Where events go; null when they are off (not framed, or no valid parent origin). */
  readonly targetOrigin: string | null;
  /** Things the link asked for that could not be done, in plain words. */
  notes = $state<string[]>([]);
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

  /** Whether the page has anything to say about the embedding (where events go, the lock, a problem). */
  get hasNotes(): boolean {
    return (this.options.embed && this.targetOrigin !== null) || this.#pg.locked || this.notes.length > 0;
  }

  /** Before `Get token` is usable (`Playground.load`'s `opening`): applies the link's preset, lock and popup mode. */
  async open(): Promise<void> {
    const pg = this.#pg;
    const { presetId, embed, lock } = this.options;
    if (presetId && !(await pg.openPreset(presetId))) this.notes.push(`There is no preset “${presetId}”; the default preset is open.`);
    if (embed || lock) pg.embed({ popup: embed, lock });
  }

  /**
   * Once `Get token` has been drawn usable (`Playground.load`'s `beforeRest`: flows wait for it),
   * starts posting events when they are on, so that the first run is seen whole.
   */
  async drawn(): Promise<void> {
    if (!this.options.embed) return;
    await this.#parent.nextPaint();
    if (!this.targetOrigin || this.#stop) return;
    try {
      const { watchEmbed } = await import('./embed-watch.svelte');
      this.#stop ??= watchEmbed(this.#pg, this.options, this.#parent, this.targetOrigin);
    } catch (error) {
      this.notes.push(`Events are off: their code could not load (${error instanceof Error ? error.message : String(error)}).`);
    }
  }

  /**
   * After the playground has loaded: in a frame, a share link in the fragment is the embedder's choice,
   * applied without asking, so it confirms no host for the person's secret variables.
   */
  async start(): Promise<void> {
    if (this.options.embed && this.#pg.links.share?.incoming) await this.#pg.links.share.apply({ seen: false });
  }

  /** Stops posting events. */
  stop(): void {
    this.#stop?.();
    this.#stop = undefined;
  }
}
