/**
 * Renewing a token: with its refresh token (showing rotation), serialized across tabs with a Web
 * Lock; or, for a client-credentials token without one, by asking again.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
import { PlaygroundError } from '../../errors/playground-error';
import type { ProtocolContext } from '../../oauth/context';
import type { TokenRun } from '../../store/storage';
import { describe, loadProtocol } from '../protocol';
import type { Flow, FlowPort } from './flow';
import { clientCredentialsFlow } from './token-request';

/**
 * Refreshes `run` in place; returns the renewed run. Serialized across tabs with a Web Lock: with
 * rotating refresh tokens, two tabs refreshing at once would get one of them (and with reuse
 * detection, both) signed out. A tab that waited for the lock takes the other tab's result from
 * storage instead of refreshing again.
 */
export async function refreshRun(port: FlowPort, run: TokenRun, refreshToken: string, ctx: ProtocolContext): Promise<TokenRun> {
  if (typeof navigator === 'undefined' || !navigator.locks) return refreshNow(port, run, refreshToken, ctx);
  return navigator.locks.request(`oauth-playground-refresh:${run.id}`, async () => {
    const stored = (await port.storage.loadTokens(port.tokens.owner).catch(() => null))?.items.find((item) => item.id === run.id);
    if (stored && stored.token.refresh_token !== undefined && stored.token.refresh_token !== refreshToken) {
      port.rotated(refreshToken, stored.token.refresh_token);
      await port.tokens.reload();
      return stored;
    }
    return refreshNow(port, run, refreshToken, ctx);
  });
}

async function refreshNow(port: FlowPort, run: TokenRun, refreshToken: string, ctx: ProtocolContext): Promise<TokenRun> {
  const settings = port.settings();
  const { refreshTokens } = await loadProtocol();
  const dpop = await port.tokens.dpopFor(run);
  const token = await refreshTokens(settings, refreshToken, { ...ctx, ...(dpop ? { dpop } : {}) });
  port.rotated(refreshToken, token.refresh_token ?? refreshToken);
  const renewed: TokenRun = { ...run, token };
  await port.tokens.replace(renewed);
  return renewed;
}

/** The error when there is nothing to renew with. */
export const noRefreshToken = () =>
  new PlaygroundError('There is no refresh token to use.', {
    kind: 'input',
    code: 'no_refresh_token',
    hint: 'Get a token with a grant that issues refresh tokens (authorization_code or password, often with the offline_access scope).',
  });

/**
 * `Renew token` (and Get token with the refresh_token grant): the current run's refresh token, or a
 * new client-credentials token when that is how it was obtained.
 */
export const refreshFlow: Flow = {
  grant: 'refresh_token',
  start: (port: FlowPort) => renew(port, port.tokens.current),
  cancel: (port) => port.tasks.cancel(),
};

/**
 * Renews `seen`, the run the person saw when they clicked. When another tab renewed it in the
 * meantime (this tab heard of it while the code loaded), the renewed run is taken as it is: a
 * rotating refresh token is never spent twice.
 */
export async function renew(port: FlowPort, seen: TokenRun | null): Promise<void> {
  const run = port.tokens.current;
  const seenToken = seen?.token.refresh_token;
  if (seen && run && run.id === seen.id && seenToken && run.token.refresh_token && run.token.refresh_token !== seenToken) {
    port.rotated(seenToken, run.token.refresh_token);
    return;
  }
  const refreshToken = run?.token.refresh_token;
  if (!refreshToken) {
    if (run?.source.grantType === 'client_credentials' && port.formGrant() === 'client_credentials') return clientCredentialsFlow.start(port);
    port.fail(noRefreshToken());
    return;
  }
  if (!port.beginAttempt({ cancellable: true })) return;
  try {
    await refreshRun(port, run, refreshToken, port.context('Refresh request'));
  } catch (error) {
    port.fail(await describe(error, 'Refresh'));
  } finally {
    port.tasks.end();
  }
}
