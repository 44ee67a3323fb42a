/**
 * One runner for the auth side's work (Get token, Discover, Renew, Revoke/Introspect/UserInfo):
 * one thing at a time, shown as busy only once it lasts, cancellable, and every failure turned
 * into a `PlaygroundError` for the page. Written once here instead of in each flow.
 */
import type { PlaygroundError } from '../errors/playground-error';
import { describe } from './protocol';

/** How long work runs before the page shows it as busy (see `TaskRunner.busyShown`). */
export const BUSY_SHOWN_AFTER_MS = 150;

export type TaskKind = 'token' | 'discover' | 'operation';

export interface TaskOptions {
  /** Said in the error when it fails ("Token request", "Discovery"...). */
  what: string;
  /** Where the failure goes (the alert under Get token, beside Discover...). */
  onError: (error: PlaygroundError) => void;
  /** `Cancel` may abandon it (default true). */
  cancellable?: boolean;
}

export class TaskRunner {
  #busy = $state<TaskKind | null>(null);
  #busyShown = $state(false);
  #cancellable = $state(false);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #abort: AbortController | null = null;

  /** What is running; one thing at a time (starting another is refused meanwhile). */
  get busy(): TaskKind | null {
    return this.#busy;
  }

  /**
   * Whether the work in progress has lasted `BUSY_SHOWN_AFTER_MS`: only then do buttons show as
   * disabled and `Working…` and `Cancel` appear, so a quick answer replaces the last one without
   * the page flickering.
   */
  get busyShown(): boolean {
    return this.#busyShown;
  }

  /** A request `Cancel` may abandon is in flight. */
  get cancellable(): boolean {
    return this.#cancellable;
  }

  /** The signal of the cancellable request in flight: every request made meanwhile listens to it. */
  get signal(): AbortSignal | undefined {
    return this.#abort?.signal;
  }

  /** Marks `kind` as running (a flow that waits across events: the popup, device polling). False when busy. */
  begin(kind: TaskKind, { cancellable = false } = {}): boolean {
    if (this.#busy !== null) return false;
    this.#set(kind);
    if (cancellable) {
      this.#abort = new AbortController();
      this.#cancellable = true;
    }
    return true;
  }

  /** Hands running work over to another kind, keeping its start (a redirect coming back). */
  continueAs(kind: TaskKind): void {
    this.#set(kind);
  }

  /** The work is over. */
  end(): void {
    this.#busy = null;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#busyShown = false;
    this.#abort = null;
    this.#cancellable = false;
  }

  /** `Cancel`: abandons the request in flight; what was there before stays. */
  cancel(): void {
    this.#abort?.abort();
  }

  /**
   * Runs `work` as `kind`, unless something is running already (then it returns false and does
   * nothing). A failure is described and handed to `onError`; the runner is free again after.
   */
  async run(kind: TaskKind, work: () => Promise<void>, { what, onError, cancellable = true }: TaskOptions): Promise<boolean> {
    if (!this.begin(kind, { cancellable })) return false;
    try {
      await work();
    } catch (error) {
      onError(await describe(error, what));
    } finally {
      this.end();
    }
    return true;
  }

  #set(kind: TaskKind): void {
    this.#busy = kind;
    if (!this.#busyShown && this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#busyShown = this.#busy !== null;
      }, BUSY_SHOWN_AFTER_MS);
    }
  }
}
