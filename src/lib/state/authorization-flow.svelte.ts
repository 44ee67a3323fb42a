/**
 * The Authorization Code + PKCE flow as the user lives it: leave for the authorization server (by
 * full-page redirect or in a popup), come back, have the response checked and the code redeemed.
 * The generated values are kept in `view` so the page can show and explain each one.
 */
import type { AuthorizeVia, CodeChallengeMethod } from '../config/auth-config';
import { PlaygroundError } from '../errors/playground-error';
import { callbackParameters, PENDING_LIFETIME_MS, withoutCallbackParameters } from '../oauth/callback';
import { PKCE_EXPLANATIONS } from '../oauth/metadata';
import type { BrowserPort, PopupWindow } from './browser';
import type { Playground } from './playground.svelte';
import { describe, loadProtocol } from './protocol';


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

export class AuthorizationFlow {
  view = $state<AuthorizationView | null>(null);
  /** One line per generated value, for the page to explain the flow. */
  readonly explanations = PKCE_EXPLANATIONS;
  #pg: Playground;
  #browser: BrowserPort;
  /** Popup flows keep the client secret in memory only: the page never leaves. */
  #popupSecret = '';
  #stopListening: (() => void) | undefined;

  constructor(pg: Playground, browser: BrowserPort) {
    this.#pg = pg;
    this.#browser = browser;
  }

  /**
   * `Get token` for authorization_code: builds the request and leaves for the server. `popup` is
   * the window opened empty within the click (null: the browser blocked it); without one, a popup
   * is opened once the URL is ready (which a browser may block, the click's activation being over).
   */
  async start(popup?: PopupWindow | null): Promise<void> {
    const pg = this.#pg;
    if (!pg.beginTokenAttempt()) return;
    let leaving = false;
    try {
      // Inside the try: an unknown {{variable}} or locked secrets is an alert, not a stuck button.
      const settings = pg.settingsSnapshot();
      // Inside a frame a full-page redirect would take the frame away from the docs page.
      if (pg.embedded) settings.authorizeVia = 'popup';
      if (settings.authorizeVia === 'popup' && popup === null) throw popupBlocked(pg.embedded);
      const { startAuthorization } = await loadProtocol();
      const { url, pending, pushed } = await startAuthorization(settings, pg.redirectUri, pg.context('Pushed authorization request', pg.tokenExchanges));
      const { dpopKeyPair } = await pg.newDpop(settings);
      if (dpopKeyPair) pending.dpopKeyPair = dpopKeyPair;
      this.view = {
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
      pg.log?.beginNavigation('Authorization request', url.href, pending.state, pg.now());
      if (settings.authorizeVia === 'popup') {
        await pg.storage.savePending({ pending });
        this.#popupSecret = settings.clientSecret;
        this.#listenForPopup(pending.state);
        if (popup) popup.navigate(url);
        else if (!this.#browser.openPopup(url)) {
          this.#stopListening?.();
          throw popupBlocked(pg.embedded);
        }
        return; // busy until the popup reports back or is cancelled
      }
      popup?.close();
      await pg.storage.savePending(settings.clientSecret ? { pending, clientSecret: settings.clientSecret } : { pending });
      await pg.saveNow(); // the settings must be there when the page comes back
      await pg.log?.flush(); // and the log, with the authorization request in it
      leaving = true;
      this.#browser.navigate(url);
    } catch (error) {
      popup?.close(); // no empty window left behind
      pg.tokenError = await describe(error, 'Authorization request');
      if (this.view) this.view.step = 'failed';
      pg.busy = null;
    } finally {
      if (leaving) pg.busy = 'token'; // the page is about to unload
    }
  }

  /** Gives up waiting for the popup. */
  cancel(): void {
    this.#stopListening?.();
    this.#popupSecret = '';
    if (this.view && this.view.step === 'waiting') this.view.step = 'failed';
    this.#pg.busy = null;
  }

  #listenForPopup(state: string): void {
    this.#stopListening?.();
    this.#stopListening = this.#browser.listen((message) => {
      if (message.state !== state) return;
      this.#stopListening?.();
      const secret = this.#popupSecret;
      this.#popupSecret = '';
      void this.#complete(new URLSearchParams(message.params), state, secret);
    });
  }

  /**
   * On load: when the page's URL is an authorization response, removes it from the address bar at
   * once (a reload must redeem nothing), then either hands it to the window that opened this popup,
   * or checks and redeems it here.
   */
  async handleReturn(): Promise<void> {
    const url = this.#browser.currentUrl();
    const params = callbackParameters(url);
    if (!params) return;
    this.#browser.replaceUrl(withoutCallbackParameters(url));
    const state = params.get('state') ?? '';
    if (this.#browser.isPopup()) {
      const peek = await this.#pg.storage.peekPending(state).catch(() => undefined);
      // Unknown here but opened by a window: a playground framed on another site keeps its pending
      // authorization in that site's partition. Hand the response over; the opener checks the state.
      if (peek?.pending.via === 'popup' || (!peek && this.#browser.hasOpener())) {
        this.#browser.post({ type: 'authorization-response', state, params: params.toString() });
        this.#browser.closeWindow();
        return;
      }
    }
    if (!this.#pg.beginTokenAttempt()) return;
    await this.#complete(params, state, undefined);
  }

  async #complete(params: URLSearchParams, state: string, secretInMemory: string | undefined): Promise<void> {
    const pg = this.#pg;
    pg.busy = 'token';
    pg.log?.completeNavigation('Authorization response', state, `${pg.redirectUri}?${params.toString()}`, pg.now());
    try {
      const record = await pg.storage.takePending(state);
      if (!record) throw await this.#unknownState(state);
      const { pending } = record;
      this.view = {
        step: 'exchanging',
        via: pending.via,
        codeVerifier: pending.codeVerifier,
        codeChallenge: pending.codeChallenge,
        codeChallengeMethod: pending.codeChallengeMethod,
        state: pending.state,
        authorizationUrl: this.view?.authorizationUrl ?? '',
        pushed: this.view?.pushed ?? false,
        ...(pending.nonce ? { nonce: pending.nonce } : {}),
      };
      if (pg.now() - pending.createdAt > PENDING_LIFETIME_MS) {
        throw new PlaygroundError('This authorization response came back too late: the flow was started more than 10 minutes ago.', {
          kind: 'protocol',
          code: 'authorization_expired',
          hint: 'Click Get token to start again. Nothing was exchanged.',
        });
      }
      const { completeAuthorization, dpopHandle } = await loadProtocol();
      const dpop = pending.dpopKeyPair ? dpopHandle(pending.dpopKeyPair) : undefined;
      const ctx = { ...pg.context('Token request', pg.tokenExchanges, { [pending.settings.jwksUri]: 'JWKS request' }), ...(dpop ? { dpop } : {}) };
      // The private key never waits in storage with the pending flow: it comes from the settings now.
      const withKey =
        pending.settings.clientAuth === 'private_key_jwt' ? { ...pending, settings: { ...pending.settings, privateKeyJwk: pg.effectiveAuth().oauth2.privateKeyJwk } } : pending;
      const done = await completeAuthorization(params, withKey, secretInMemory ?? record.clientSecret ?? '', ctx);
      await pg.addTokenRun(
        done.token,
        pending.settings,
        {
          ...(done.idTokenClaims ? { idTokenClaims: done.idTokenClaims } : {}),
          ...(done.idTokenSignature ? { idTokenSignature: done.idTokenSignature } : {}),
          ...(pending.dpopKeyPair ? { dpopKeyPair: pending.dpopKeyPair } : {}),
        },
        dpop,
      );
      this.view.step = 'done';
    } catch (error) {
      pg.tokenError = await describe(error, 'Authorization');
      if (this.view) this.view.step = 'failed';
    } finally {
      pg.busy = null;
    }
  }

  /** The error for a `state` this browser has no pending authorization for. */
  async #unknownState(state: string): Promise<PlaygroundError> {
    const others = await this.#pg.storage.hasPending().catch(() => false);
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
}
