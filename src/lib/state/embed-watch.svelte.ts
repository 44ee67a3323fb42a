/**
 * The events an embedded playground posts to its parent page (see `config/embed-events.ts`): every
 * step of the flow as the exchange log proves it, each new token, each new error, and the content's
 * height. Loaded only when the link names a parent origin that events may go to.
 */
import { untrack } from 'svelte';
import { errorEvent, resizeEvent, stepEvents, tokenEvent, type EmbedEvent, type StepPosition } from '../config/embed-events';
import type { EmbedOptions } from '../config/embed-options';
import { tutorialProgress } from '../config/tutorial';
import type { Playground } from './playground.svelte';

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
  /** Resolves once this page has drawn what it shows now. */
  nextPaint(): Promise<void>;
}

/**
 * Posts `pg`'s events to `targetOrigin` through `parent` from now on: what is already there (a
 * token, an error) is not news. Returns the function that stops.
 */
export function watchEmbed(pg: Playground, options: Pick<EmbedOptions, 'deliverToken'>, parent: ParentPort, targetOrigin: string): () => void {
  let lastStep: StepPosition | null = null;
  let lastRun = pg.tokens.current?.id ?? null;
  let lastHeight = -1;
  const seen = new WeakSet<object>([pg.attempt.error, pg.discovery.error, pg.test.error].filter((e) => e !== null));
  const stopHeight = parent.watchHeight((height) => {
    const event = resizeEvent(height);
    if (event.height === lastHeight) return;
    lastHeight = event.height;
    parent.post(event, targetOrigin);
  });
  const stopEffects = $effect.root(() => {
    $effect(() => {
      const progress = tutorialProgress(pg.auth.oauth2.grantType, pg.log?.entries ?? []);
      const events = stepEvents(lastStep, progress);
      lastStep = progress;
      untrack(() => events.forEach((event) => parent.post(event, targetOrigin)));
    });
    $effect(() => {
      const run = pg.tokens.current;
      if (!run || run.id === lastRun) return;
      lastRun = run.id;
      untrack(() => parent.post(tokenEvent(run.token, options.deliverToken), targetOrigin));
    });
    $effect(() => {
      for (const error of [pg.attempt.error, pg.discovery.error, pg.test.error]) {
        if (!error || seen.has(error)) continue;
        seen.add(error);
        untrack(() => parent.post(errorEvent(error, pg.secrets), targetOrigin));
      }
    });
  });
  return () => {
    stopHeight();
    stopEffects();
  };
}
