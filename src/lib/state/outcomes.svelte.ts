/**
 * What the page shows after each kind of work: the auth side's last attempt (its exchanges, error,
 * rotation), Discover's result, the last Revoke/Introspect/UserInfo, the last test request. Each is
 * changed only through its methods, by the flow or action that produced it.
 */
import type { AuthorizationServer } from 'oauth4webapi';
import type { PlaygroundError } from '../errors/playground-error';
import type { Exchange } from '../http/exchange';
import type { TestResponse } from '../http/test-request';

/** The auth side's last attempt: Get token, Renew, a flow coming back. */
export class TokenAttempt {
  #exchanges = $state<Exchange[]>([]);
  #error = $state<PlaygroundError | null>(null);
  #clientAuth = $state('');
  #rotation = $state<{ before: string; after: string } | null>(null);

  /** Every request the attempt sent (recorded as they happen). */
  get exchanges(): Exchange[] {
    return this.#exchanges;
  }

  get error(): PlaygroundError | null {
    return this.#error;
  }

  /** The client authentication the attempt used; '' when it sent no token request (Discover). */
  get clientAuth(): string {
    return this.#clientAuth;
  }

  /** After a refresh: the refresh token before and after, to show rotation. */
  get rotation(): { before: string; after: string } | null {
    return this.#rotation;
  }

  /** A new attempt: the last one's error, exchanges and rotation go. */
  begin(clientAuth: string): void {
    this.#error = null;
    this.#rotation = null;
    this.#exchanges = [];
    this.#clientAuth = clientAuth;
  }

  fail(error: PlaygroundError): void {
    this.#error = error;
  }

  rotated(before: string, after: string): void {
    this.#rotation = { before, after };
  }

  /** New settings in the form: the last error no longer applies. */
  reset(): void {
    this.#error = null;
    this.#exchanges = [];
    this.#clientAuth = '';
    this.#rotation = null;
  }
}

/** Discover's last result. */
export class DiscoveryResult {
  #found = $state.raw<{ metadata: AuthorizationServer; source: string } | null>(null);
  #notes = $state.raw<string[]>([]);
  #error = $state<PlaygroundError | null>(null);

  get found(): { metadata: AuthorizationServer; source: string } | null {
    return this.#found;
  }

  /** What Discover filled and what it suggests, said plainly. */
  get notes(): string[] {
    return this.#notes;
  }

  /** Shown beside the Discover button. */
  get error(): PlaygroundError | null {
    return this.#error;
  }

  begin(): void {
    this.#error = null;
  }

  done(found: { metadata: AuthorizationServer; source: string }, notes: string[]): void {
    this.#found = found;
    this.#notes = notes;
  }

  fail(error: PlaygroundError): void {
    this.#error = error;
  }

  reset(): void {
    this.#found = null;
    this.#notes = [];
    this.#error = null;
  }
}

/** The outcome of Revoke, Introspect or UserInfo, shown under the token. */
export interface OperationResult {
  title: string;
  result: unknown;
}

export class OperationOutcome {
  #result = $state<OperationResult | null>(null);
  #error = $state<PlaygroundError | null>(null);

  get result(): OperationResult | null {
    return this.#result;
  }

  get error(): PlaygroundError | null {
    return this.#error;
  }

  begin(): void {
    this.#result = null;
    this.#error = null;
  }

  done(result: OperationResult): void {
    this.#result = result;
  }

  fail(error: PlaygroundError): void {
    this.#error = error;
  }
}

/** The last test request. */
export class TestOutcome {
  #exchanges = $state<Exchange[]>([]);
  #response = $state<TestResponse | null>(null);
  #error = $state<PlaygroundError | null>(null);
  #sending = $state(false);
  #renewNote = $state<string | null>(null);

  get exchanges(): Exchange[] {
    return this.#exchanges;
  }

  get response(): TestResponse | null {
    return this.#response;
  }

  get error(): PlaygroundError | null {
    return this.#error;
  }

  /** A test request is in flight. */
  get sending(): boolean {
    return this.#sending;
  }

  /** Said when a token was renewed without the person clicking. */
  get renewNote(): string | null {
    return this.#renewNote;
  }

  /** The last response goes at once: it must not pass for the next request's. */
  clearResponse(): void {
    this.#response = null;
  }

  /** Starts a request; false while one is in flight. */
  begin(): boolean {
    if (this.#sending) return false;
    this.#sending = true;
    this.#error = null;
    this.#response = null;
    this.#exchanges = [];
    this.#renewNote = null;
    return true;
  }

  respond(response: TestResponse): void {
    this.#response = response;
  }

  renewed(note: string): void {
    this.#renewNote = note;
  }

  fail(error: PlaygroundError, { keepResponse = false } = {}): void {
    if (!keepResponse) this.#response = null;
    this.#error = error;
  }

  end(): void {
    this.#sending = false;
  }

  /** Another configuration opened: nothing of the last one's requests stays. */
  reset(): void {
    this.#exchanges = [];
    this.#response = null;
    this.#error = null;
    this.#renewNote = null;
  }
}
