/**
 * The messages an embedded playground posts to its parent page (`window.parent.postMessage`),
 * built here from plain values so that what leaves the frame is easy to check:
 *
 * - `step`: the flow step now in progress (`token-request`, `sign-in`…, `done`), every step of a
 *   run in order (see `stepEvents`).
 * - `resize`: the height of the frame's content, for the parent to size the `<iframe>` to it.
 * - `token`: a token was obtained: its type, scope, lifetime and a masked preview; the access token
 *   itself only when the link asks for token delivery. Never a refresh token, ID token or secret.
 * - `error`: the failure's code and message, every known secret masked in them.
 */
import { mask, scrub } from '../http/redact';
import type { TokenSet } from '../oauth/token-set';
import type { TutorialProgress } from './tutorial';

/** Every event carries this `source`, so a parent can tell them from other messages. */
export const EVENT_SOURCE = 'oauth-playground';

export interface StepEvent {
  source: typeof EVENT_SOURCE;
  type: 'step';
  /** The step's id, or `done` when every step is done. */
  step: string;
  title: string;
  /** 1-based position of the step; `total` for `done` (which follows the last step). */
  index: number;
  total: number;
  failed: boolean;
}

export interface TokenEvent {
  source: typeof EVENT_SOURCE;
  type: 'token';
  token_type: string;
  scope: string | null;
  expires_in: number | null;
  /** First four characters and the length (`abcd…(43 chars)`). */
  access_token_preview: string;
  /** Only with token delivery (`deliver-token=1` and a valid parent origin). */
  access_token?: string;
}

export interface ErrorEvent {
  source: typeof EVENT_SOURCE;
  type: 'error';
  /** The stable code: the OAuth `error`, an oauth4webapi code, or the playground's. */
  code: string;
  message: string;
  status: number | null;
  /** The server's `error_description`, masked like the message. */
  error_description: string | null;
}

export interface ResizeEvent {
  source: typeof EVENT_SOURCE;
  type: 'resize';
  /** The height of the frame's content in CSS pixels (whole pixels, rounded up). */
  height: number;
}

export type EmbedEvent = StepEvent | TokenEvent | ErrorEvent | ResizeEvent;

/**
 * A `step` event for the step at `index` (0-based) of `total`; no step (`index === total`) is
 * `done`. `index` in the event is 1-based and never above `total`: `done` carries `total`.
 */
export function stepEvent(step: { id: string; title: string } | undefined, index: number, total: number, failed = false): StepEvent {
  return { source: EVENT_SOURCE, type: 'step', step: step?.id ?? 'done', title: step?.title ?? 'Done', index: step ? index + 1 : total, total, failed };
}

/** Where a run stood when `step` events were last posted. */
export type StepPosition = Pick<TutorialProgress, 'steps' | 'status' | 'current' | 'run'>;

/**
 * The `step` events that take the parent from `from` (what was posted last; null before anything)
 * to `to`: every step on the way, in order, so each step the README lists is posted once a run,
 * although one exchange often proves several (a token response proves `token-request` and
 * `token`). A new run, or another grant's steps, starts over at the first step; the first run
 * continues from what was posted before it began. The same place again posts nothing, unless its
 * step has failed (or recovered) since.
 */
export function stepEvents(from: StepPosition | null, to: StepPosition): StepEvent[] {
  const failed = (position: StepPosition) => position.status[position.current] === 'failed';
  let first: number;
  if (!from || from.steps !== to.steps || (from.run !== null && from.run !== to.run)) first = 0;
  else if (to.current > from.current) first = from.current + 1;
  else if (to.current < from.current || failed(to) !== failed(from)) first = to.current;
  else return [];
  const events: StepEvent[] = [];
  for (let i = first; i <= to.current; i++) events.push(stepEvent(to.steps[i], i, to.steps.length, to.status[i] === 'failed'));
  return events;
}

/** A `resize` event: `height` rounded up to a whole pixel. */
export function resizeEvent(height: number): ResizeEvent {
  return { source: EVENT_SOURCE, type: 'resize', height: Math.ceil(height) };
}

/** A `token` event: the access token itself only when `deliver` is true; other tokens never. */
export function tokenEvent(token: Pick<TokenSet, 'access_token' | 'token_type' | 'scope' | 'expires_in'>, deliver: boolean): TokenEvent {
  const event: TokenEvent = {
    source: EVENT_SOURCE,
    type: 'token',
    token_type: token.token_type,
    scope: token.scope ?? null,
    expires_in: token.expires_in ?? null,
    access_token_preview: mask(token.access_token),
  };
  if (deliver) event.access_token = token.access_token;
  return event;
}

/** An `error` event; every value of `secrets` (client secret, tokens, password…) is masked in the texts. */
export function errorEvent(
  error: { code: string; message: string; status?: number | undefined; error_description?: string | undefined },
  secrets: readonly string[],
): ErrorEvent {
  return {
    source: EVENT_SOURCE,
    type: 'error',
    code: scrub(error.code, secrets),
    message: scrub(error.message, secrets),
    status: error.status ?? null,
    error_description: error.error_description === undefined ? null : scrub(error.error_description, secrets),
  };
}
