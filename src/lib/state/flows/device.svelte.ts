/**
 * The Device Authorization Grant as the user lives it: a user code to enter on another device, and
 * polling at the server's pace (slower on `slow_down`) until approval, denial, expiry or Cancel.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
import type { DPoPHandle } from 'oauth4webapi';
import { PlaygroundError } from '../../errors/playground-error';
import { describe, loadProtocol } from '../protocol';
import type { Flow, FlowPort } from './flow';

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

export class DeviceFlow implements Flow {
  readonly grant = 'urn:ietf:params:oauth:grant-type:device_code' as const;
  #view = $state<DeviceView | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #deviceCode = '';
  #dpop: { dpopKeyPair?: CryptoKeyPair; dpop?: DPoPHandle } = {};
  #run = 0;
  /** Waits between polls; tests pass their own. */
  readonly #wait: (ms: number, then: () => void) => ReturnType<typeof setTimeout>;

  constructor(wait: (ms: number, then: () => void) => ReturnType<typeof setTimeout> = (ms, then) => setTimeout(then, ms)) {
    this.#wait = wait;
  }

  get view(): DeviceView | null {
    return this.#view;
  }

  /** `Get token` for the device grant: asks for codes, then polls. */
  async start(port: FlowPort): Promise<void> {
    if (!port.beginAttempt()) return;
    const run = ++this.#run;
    this.#view = null; // the old code is dead; do not show it while the new one comes
    try {
      const { startDeviceAuthorization } = await loadProtocol();
      const settings = await port.withEndpoints(port.settings(), ['deviceAuthorizationUrl']);
      this.#dpop = await port.newDpop(settings);
      const started = await startDeviceAuthorization(settings, port.context('Device authorization request'));
      const now = port.now();
      this.#deviceCode = started.device_code;
      this.#view = {
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
      this.#schedule(port, run);
    } catch (error) {
      port.fail(await describe(error, 'Device authorization'));
      port.tasks.end();
    }
  }

  /** Stops polling; the codes are abandoned. */
  cancel(port: FlowPort): void {
    this.#run++;
    clearTimeout(this.#timer);
    if (this.#view?.status === 'waiting') {
      this.#view.status = 'cancelled';
      this.#view.lastAnswer = 'cancelled by you';
    }
    port.tasks.end();
  }

  #schedule(port: FlowPort, run: number): void {
    const view = this.#view!;
    view.nextPollAt = port.now() + view.interval * 1000;
    this.#timer = this.#wait(view.interval * 1000, () => void this.#poll(port, run));
  }

  async #poll(port: FlowPort, run: number): Promise<void> {
    const view = this.#view;
    if (run !== this.#run || !view || view.status !== 'waiting') return;
    try {
      if (port.now() > view.expiresAt) {
        throw new PlaygroundError('The device code expired before the user approved.', { kind: 'oauth_error', code: 'expired_token', error: 'expired_token', hint: 'Click Get token for a new code.' });
      }
      const { pollDeviceToken } = await loadProtocol();
      const settings = port.settings();
      const { dpop, dpopKeyPair } = this.#dpop;
      const answer = await pollDeviceToken(settings, this.#deviceCode, { ...port.context('Device token poll'), ...(dpop ? { dpop } : {}) });
      if (run !== this.#run) return; // cancelled meanwhile
      view.polls++;
      if (answer.status === 'done') {
        view.status = 'done';
        view.lastAnswer = 'approved: token received';
        await port.keepToken(answer.token, settings, dpopKeyPair ? { dpopKeyPair } : {}, dpop);
        port.tasks.end();
        return;
      }
      if (answer.status === 'slow_down') view.interval += 5;
      view.lastAnswer = answer.status === 'slow_down' ? `slow_down: polling every ${view.interval} s now` : 'authorization_pending';
      this.#schedule(port, run);
    } catch (error) {
      if (run !== this.#run) return;
      view.status = 'failed';
      const described = await describe(error, 'Device token poll');
      view.lastAnswer = described.error ?? described.code;
      port.fail(described);
      port.tasks.end();
    }
  }
}

export const deviceFlow = new DeviceFlow();
