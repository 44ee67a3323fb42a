/**
 * The Device Authorization Grant as the user lives it: a user code to enter on another device, and
 * polling at the server's pace (slower on `slow_down`) until approval, denial, expiry or Cancel.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
import { PlaygroundError } from '../errors/playground-error';
import type { Playground } from './playground.svelte';
import { describe, loadProtocol } from './protocol';

export interface DeviceView {
  status: 'waiting' | 'done' | 'cancelled' | 'failed';
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  /** Epoch ms when the codes expire. */
  expiresAt: number;
  /** Seconds between polls (grows by 5 on each `slow_down`). */
  interval: number;
  /** Epoch ms of the next poll. */
  nextPollAt: number;
  polls: number;
  /** The last answer in words: "authorization_pending", "slow_down"... */
  lastAnswer: string;
}

export class DeviceFlow {
  view = $state<DeviceView | null>(null);
  #pg: Playground;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #deviceCode = '';
  #dpop: { dpopKeyPair?: CryptoKeyPair; dpop?: import('oauth4webapi').DPoPHandle } = {};
  #run = 0;

  constructor(pg: Playground) {
    this.#pg = pg;
  }

  /** `Get token` for the device grant: asks for codes, then polls. */
  async start(): Promise<void> {
    const pg = this.#pg;
    if (!pg.beginTokenAttempt()) return;
    const run = ++this.#run;
    this.view = null; // the old code is dead; do not show it while the new one comes
    try {
      const { startDeviceAuthorization } = await loadProtocol();
      this.#dpop = await pg.newDpop(pg.settingsSnapshot());
      const started = await startDeviceAuthorization(pg.settingsSnapshot(), pg.context('Device authorization request', pg.tokenExchanges));
      const now = pg.now();
      this.#deviceCode = started.device_code;
      this.view = {
        status: 'waiting',
        userCode: started.user_code,
        verificationUri: started.verification_uri,
        expiresAt: now + started.expires_in * 1000,
        interval: started.interval,
        nextPollAt: now + started.interval * 1000,
        polls: 0,
        lastAnswer: 'waiting for the user',
        ...(started.verification_uri_complete ? { verificationUriComplete: started.verification_uri_complete } : {}),
      };
      this.#schedule(run);
    } catch (error) {
      pg.tokenError = await describe(error, 'Device authorization');
      pg.busy = null;
    }
  }

  /** Stops polling; the codes are abandoned. */
  cancel(): void {
    this.#run++;
    clearTimeout(this.#timer);
    if (this.view?.status === 'waiting') {
      this.view.status = 'cancelled';
      this.view.lastAnswer = 'cancelled by you';
    }
    this.#pg.busy = null;
  }

  #schedule(run: number): void {
    const view = this.view!;
    view.nextPollAt = this.#pg.now() + view.interval * 1000;
    this.#timer = setTimeout(() => void this.#poll(run), view.interval * 1000);
  }

  async #poll(run: number): Promise<void> {
    const pg = this.#pg;
    const view = this.view;
    if (run !== this.#run || !view || view.status !== 'waiting') return;
    try {
      if (pg.now() > view.expiresAt) {
        throw new PlaygroundError('The device code expired before the user approved.', { kind: 'oauth_error', code: 'expired_token', error: 'expired_token', hint: 'Click Get token for a new code.' });
      }
      const { pollDeviceToken } = await loadProtocol();
      const settings = pg.settingsSnapshot();
      const { dpop, dpopKeyPair } = this.#dpop;
      const answer = await pollDeviceToken(settings, this.#deviceCode, { ...pg.context('Device token poll', pg.tokenExchanges), ...(dpop ? { dpop } : {}) });
      if (run !== this.#run) return; // cancelled meanwhile
      view.polls++;
      if (answer.status === 'done') {
        view.status = 'done';
        view.lastAnswer = 'approved: token received';
        await pg.addTokenRun(answer.token, settings, dpopKeyPair ? { dpopKeyPair } : {}, dpop);
        pg.busy = null;
        return;
      }
      if (answer.status === 'slow_down') view.interval += 5;
      view.lastAnswer = answer.status === 'slow_down' ? `slow_down: polling every ${view.interval} s now` : 'authorization_pending';
      this.#schedule(run);
    } catch (error) {
      if (run !== this.#run) return;
      view.status = 'failed';
      const described = await describe(error, 'Device token poll');
      view.lastAnswer = described.error ?? described.code;
      pg.tokenError = described;
      pg.busy = null;
    }
  }
}
