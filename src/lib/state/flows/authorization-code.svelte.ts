/**
 * The Authorization Code + PKCE flow as the user lives it: leave for the authorization server (by
 * full-page redirect or in a popup), come back, have the response checked and the code redeemed.
 * The generated values are kept in `view` so the page can show and explain each one.
 */
import type { AuthorizeVia, CodeChallengeMethod } from '../../config/auth-config';
import { PlaygroundError } from '../../errors/playground-error';
import { callbackParameters, PENDING_LIFETIME_MS, withoutCallbackParameters } from '../../oauth/callback';
import { PKCE_EXPLANATIONS } from '../../oauth/metadata';
import type { PopupWindow } from '../browser';
import { describe, loadProtocol } from '../protocol';
import type { Flow, FlowPort } from './flow';

/** The error for a sign-in window the browser would not open. */
function popupBlocked(embedded: boolean): PlaygroundError {
  return new PlaygroundError('The browser blocked the sign-in window (a popup), so the authorization could not start.', {
    kind: 'input',
    code: 'popup_blocked',
    hint: embedded
      ? 'Allow pop-ups for this site (the address bar shows that one was blocked), then click Get token again.'
      : 'Allow pop-ups for this site, then click Get token again; or set “Authorize in” to “this page (full-page redirect)”.',
  });
}

export interface AuthorizationView {
  step: 'redirecting' | 'waiting' | 'exchanging' | 'done' | 'failed';
  via: AuthorizeVia;
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: CodeChallengeMethod;
  state: string;
  nonce?: string;
  authorizationUrl: string;
  pushed: boolean;
}

export class AuthorizationCodeFlow implements Flow {
  readonly grant = 'authorization_code' as const;
  #view = $state<AuthorizationView | null>(null);
  /** One line per generated value, for the page to explain the flow. */
  readonly explanations = PKCE_EXPLANATIONS;
  /** Popup flows keep the client secret in memory only: the page never leaves. */
  #popupSecret = '';
  #stopListening: (() => void) | undefined;

  get view(): AuthorizationView | null {
    return this.#view;
  }

  /**
   * `Get token` for authorization_code: builds the request and leaves for the server. `popup` is
   * the window opened empty within the click (null: the browser blocked it); without one, a popup
   * is opened once the URL is ready (which a browser may block, the click's activation being over).
   */
  async start(port: FlowPort, popup?: PopupWindow | null): Promise<void> {
    if (!port.beginAttempt()) return;
    let leaving = false;
    try {
      // Inside the try: an unknown {{variable}} or locked secrets is an alert, not a stuck button.
      const settings = port.settings();
      // Inside a frame a full-page redirect would take the frame away from the docs page.
      if (port.embedded()) settings.authorizeVia = 'popup';
      if (settings.authorizeVia === 'popup' && popup === null) throw popupBlocked(port.embedded());
      const { startAuthorization } = await loadProtocol();
      const { url, pending, pushed } = await startAuthorization(settings, port.redirectUri, port.context('Pushed authorization request'));
      const { dpopKeyPair } = await port.newDpop(settings);
      if (dpopKeyPair) pending.dpopKeyPair = dpopKeyPair;
      this.#view = {
        step: settings.authorizeVia === 'popup' ? 'waiting' : 'redirecting',
        via: settings.authorizeVia,
        codeVerifier: pending.codeVerifier,
        codeChallenge: pending.codeChallenge,
        codeChallengeMethod: pending.codeChallengeMethod,
        state: pending.state,
        authorizationUrl: url.href,
        pushed,
        ...(pending.nonce ? { nonce: pending.nonce } : {}),
      };
      port.log()?.beginNavigation('Authorization request', url.href, pending.state, port.now());
      if (settings.authorizeVia === 'popup') {
        await port.storage.savePending({ pending });
        this.#popupSecret = settings.clientSecret;
        this.#listenForPopup(port, pending.state);
        if (popup) popup.navigate(url);
        else if (!port.browser.openPopup(url)) {
          this.#stopListening?.();
          throw popupBlocked(port.embedded());
        }
        return; // busy until the popup reports back or is cancelled
      }
      popup?.close();
      await port.storage.savePending(settings.clientSecret ? { pending, clientSecret: settings.clientSecret } : { pending });
      await port.flush(); // the settings and the log (with the authorization request) must be there when the page comes back
      leaving = true;
      port.browser.navigate(url);
    } catch (error) {
      popup?.close(); // no empty window left behind
      port.fail(await describe(error, 'Authorization request'));
      if (this.#view) this.#view.step = 'failed';
      port.tasks.end();
    } finally {
      if (leaving) port.tasks.continueAs('token'); // the page is about to unload
    }
  }

  /** Gives up waiting for the popup. */
  cancel(port: FlowPort): void {
    this.#stopListening?.();
    this.#popupSecret = '';
    if (this.#view && this.#view.step === 'waiting') this.#view.step = 'failed';
    port.tasks.end();
  }

  #listenForPopup(port: FlowPort, state: string): void {
    this.#stopListening?.();
    this.#stopListening = port.browser.listen((message) => {
      if (message.state !== state) return;
      this.#stopListening?.();
      const secret = this.#popupSecret;
      this.#popupSecret = '';
      void this.#complete(port, new URLSearchParams(message.params), state, secret);
    });
  }

  /**
   * On load: when the page's URL is an authorization response, removes it from the address bar at
   * once (a reload must redeem nothing), then either hands it to the window that opened this popup,
   * or checks and redeems it here.
   */
  async resume(port: FlowPort): Promise<void> {
    const url = port.browser.currentUrl();
    const params = callbackParameters(url);
    if (!params) return;
    port.browser.replaceUrl(withoutCallbackParameters(url));
    const state = params.get('state') ?? '';
    if (port.browser.isPopup()) {
      const peek = await port.storage.peekPending(state).catch(() => undefined);
      // Unknown here but opened by a window: a playground framed on another site keeps its pending
      // authorization in that site's partition. Hand the response over; the opener checks the state.
      if (peek?.pending.via === 'popup' || (!peek && port.browser.hasOpener())) {
        port.browser.post({ type: 'authorization-response', state, params: params.toString() });
        port.browser.closeWindow();
        return;
      }
    }
    if (!port.beginAttempt()) return;
    await this.#complete(port, params, state, undefined);
  }

  async #complete(port: FlowPort, params: URLSearchParams, state: string, secretInMemory: string | undefined): Promise<void> {
    port.tasks.continueAs('token');
    port.log()?.completeNavigation('Authorization response', state, `${port.redirectUri}?${params.toString()}`, port.now());
    try {
      const record = await port.storage.takePending(state);
      if (!record) throw await unknownState(port, state);
      const { pending } = record;
      this.#view = {
        step: 'exchanging',
        via: pending.via,
        codeVerifier: pending.codeVerifier,
        codeChallenge: pending.codeChallenge,
        codeChallengeMethod: pending.codeChallengeMethod,
        state: pending.state,
        authorizationUrl: this.#view?.authorizationUrl ?? '',
        pushed: this.#view?.pushed ?? false,
        ...(pending.nonce ? { nonce: pending.nonce } : {}),
      };
      if (port.now() - pending.createdAt > PENDING_LIFETIME_MS) {
        throw new PlaygroundError('This authorization response came back too late: the flow was started more than 10 minutes ago.', {
          kind: 'protocol',
          code: 'authorization_expired',
          hint: 'Click Get token to start again. Nothing was exchanged.',
        });
      }
      const { completeAuthorization, dpopHandle } = await loadProtocol();
      // An ID token is checked against the issuer's keys: read them from its metadata when the JWKS URI is empty.
      const settings = pending.nonce ? await port.withEndpoints(pending.settings, ['jwksUri']) : pending.settings;
      const dpop = pending.dpopKeyPair ? dpopHandle(pending.dpopKeyPair) : undefined;
      const ctx = { ...port.context('Token request', settings.jwksUri ? { [settings.jwksUri]: 'JWKS request' } : {}), ...(dpop ? { dpop } : {}) };
      // The private key never waits in storage with the pending flow: it comes from the settings now.
      const withKey = { ...pending, settings: settings.clientAuth === 'private_key_jwt' ? { ...settings, privateKeyJwk: port.privateKeyJwk() } : settings };
      const secret = secretInMemory ?? record.clientSecret ?? '';
      const done = await completeAuthorization(params, withKey, secret, ctx);
      // The page came back without the secret typed before it left: keep it in this tab for Renew, Revoke...
      if (secretInMemory === undefined && record.clientSecret) port.rememberClientSecret(record.clientSecret);
      await port.keepToken(
        done.token,
        pending.settings,
        {
          ...(done.idTokenClaims ? { idTokenClaims: done.idTokenClaims } : {}),
          ...(done.idTokenSignature ? { idTokenSignature: done.idTokenSignature } : {}),
          ...(done.idTokenRejected ? { idTokenRejected: rejection(done.idTokenRejected) } : {}),
          ...(pending.dpopKeyPair ? { dpopKeyPair: pending.dpopKeyPair } : {}),
        },
        dpop,
      );
      if (done.idTokenRejected) {
        port.fail(
          new PlaygroundError(done.idTokenRejected.message, {
            kind: 'protocol',
            code: 'id_token_rejected',
            hint: `The tokens are kept below to study, but test requests do not use them until you choose “Use these tokens anyway”.${done.idTokenRejected.field ? ` Check ${done.idTokenRejected.field}.` : ''}`,
          }),
        );
      }
      this.#view.step = done.idTokenRejected ? 'failed' : 'done';
    } catch (error) {
      port.fail(await describe(error, 'Authorization'));
      if (this.#view) this.#view.step = 'failed';
    } finally {
      port.tasks.end();
    }
  }
}

/** The stored form of an ID token rejection (plain strings only). */
function rejection(r: { message: string; check: string; expected?: string; received?: string; field?: string }) {
  return {
    message: r.message,
    check: r.check,
    ...(r.expected !== undefined ? { expected: r.expected } : {}),
    ...(r.received !== undefined ? { received: r.received } : {}),
    ...(r.field !== undefined ? { field: r.field } : {}),
  };
}

/** The error for a `state` this browser has no pending authorization for. */
async function unknownState(port: FlowPort, state: string): Promise<PlaygroundError> {
  const others = await port.storage.hasPending().catch(() => false);
  const shown = state.length > 8 ? `${state.slice(0, 4)}…` : state || '(none)';
  return others
    ? new PlaygroundError(`The state in the authorization response (${shown}) does not match the authorization this browser started. Nothing was exchanged.`, {
        kind: 'protocol',
        code: 'state_mismatch',
        hint: 'The response was altered, or belongs to another attempt. Click Get token to start again. A mismatch can also be a CSRF attempt: never paste redirect URLs from others.',
      })
    : new PlaygroundError('This authorization response matches no flow waiting here: it was already used (a reload or Back), expired, or started in another browser. Nothing was exchanged.', {
        kind: 'protocol',
        code: 'unknown_authorization_response',
        hint: 'Click Get token to start a new flow.',
      });
}

export const authorizationCodeFlow = new AuthorizationCodeFlow();
