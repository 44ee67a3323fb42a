/**
 * The playground's actions that are not needed to open the page: renewing tokens (by hand and
 * automatically), Discover, Revoke/Introspect/UserInfo and the test request. Loaded on first use;
 * each takes the playground and works through its public surface.
 */
import { withSavedRequestSecrets } from '../config/credential';
import { resolveConfig } from '../config/variables';
import { PlaygroundError } from '../errors/playground-error';
import type { Exchange } from '../http/exchange';
import type { AttachedAuth } from '../http/test-request';
import { secondsLeft } from '../oauth/token-set';
import type { TokenRun } from '../store/storage';
import type { Playground } from './playground.svelte';
import { describe, loadProtocol } from './protocol';

/**
 * Renews the current token: with its refresh token when it has one (showing rotation), otherwise
 * by asking again with client credentials.
 */
export async function renewToken(pg: Playground): Promise<void> {
  const run = pg.tokenRecord;
  const refreshToken = run?.token.refresh_token;
  if (!refreshToken) {
    if (run?.source.grantType === 'client_credentials' && pg.auth.oauth2.grantType === 'client_credentials') return pg.getToken();
    pg.tokenError = new PlaygroundError('There is no refresh token to use.', {
      kind: 'input',
      code: 'no_refresh_token',
      hint: 'Get a token with a grant that issues refresh tokens (authorization_code or password, often with the offline_access scope).',
    });
    return;
  }
  if (!pg.beginTokenAttempt()) return;
  pg.beginCancellable();
  try {
    await refreshRun(pg, run, refreshToken, pg.tokenExchanges, 'Refresh request');
  } catch (error) {
    pg.tokenError = await describe(error, 'Refresh');
  } finally {
    pg.endCancellable();
    pg.busy = null;
  }
}

/**
 * Refreshes `run` in place (showing rotation); returns the renewed run. Serialized across tabs with
 * a Web Lock: with rotating refresh tokens, two tabs refreshing at once would get one of them (and
 * with reuse detection, both) signed out. A tab that waited for the lock takes the other tab's
 * result from storage instead of refreshing again.
 */
async function refreshRun(pg: Playground, run: TokenRun, refreshToken: string, into: Exchange[], label: string): Promise<TokenRun> {
  if (typeof navigator === 'undefined' || !navigator.locks) return refreshRunNow(pg, run, refreshToken, into, label);
  return navigator.locks.request(`oauth-playground-refresh:${run.id}`, async () => {
    const stored = (await pg.storage.loadTokens(pg.tokenOwner).catch(() => null))?.items.find((item) => item.id === run.id);
    if (stored && stored.token.refresh_token !== undefined && stored.token.refresh_token !== refreshToken) {
      pg.rotation = { before: refreshToken, after: stored.token.refresh_token };
      await pg.reloadTokens();
      return stored;
    }
    return refreshRunNow(pg, run, refreshToken, into, label);
  });
}

async function refreshRunNow(pg: Playground, run: TokenRun, refreshToken: string, into: Exchange[], label: string): Promise<TokenRun> {
  const settings = pg.settingsSnapshot();
  const { refreshTokens } = await loadProtocol();
  const dpop = await pg.dpopFor(run);
  const token = await refreshTokens(settings, refreshToken, { ...pg.context(label, into), ...(dpop ? { dpop } : {}) });
  pg.rotation = { before: refreshToken, after: token.refresh_token ?? refreshToken };
  const renewed: TokenRun = { ...$state.snapshot(run), token };
  pg.tokenRuns = { ...pg.tokenRuns, items: pg.tokenRuns.items.map((item) => (item.id === run.id ? renewed : item)) };
  pg.tokenRuns = await pg.storage.replaceToken(renewed, pg.tokenOwner).catch((error: unknown) => {
    pg.storageFailed('The renewed token could not be saved', error);
    return pg.tokenRuns;
  });
  pg.library?.announce('tokens');
  return renewed;
}

/**
 * Renews the current token for a test request, without the user clicking: with its refresh
 * token, or by asking again with client credentials. Null when neither is possible.
 */
async function renewForRequest(pg: Playground, run: TokenRun, why: string): Promise<TokenRun | null> {
  const how = run.token.refresh_token ? 'with its refresh token' : 'with a new client-credentials request';
  if (run.token.refresh_token) {
    await refreshRun(pg, run, run.token.refresh_token, pg.requestExchanges, 'Refresh request (automatic)');
  } else if (run.source.grantType === 'client_credentials' && pg.auth.oauth2.grantType === 'client_credentials') {
    const settings = pg.settingsSnapshot();
    const { requestToken } = await loadProtocol();
    const { dpopKeyPair, dpop } = await pg.newDpop(settings);
    const token = await requestToken(settings, { ...pg.context('Token request (automatic)', pg.requestExchanges), ...(dpop ? { dpop } : {}) });
    await pg.addTokenRun(token, settings, dpopKeyPair ? { dpopKeyPair } : {}, dpop);
  } else {
    return null;
  }
  pg.renewNote = `${why} It was renewed automatically ${how}; tokens are kept and reused for their lifetime otherwise.`;
  return pg.tokenRecord;
}


/** `Discover`: fills endpoints from the issuer's metadata and picks methods where the user has not. */
export async function discover(pg: Playground): Promise<void> {
  if (pg.busy) return;
  pg.busy = 'discover';
  pg.beginCancellable();
  pg.tokenError = null;
  pg.tokenExchanges = [];
  try {
    const { discover } = await loadProtocol();
    const { endpointsFrom, suggestedMethods } = (pg.metadata ??= await import('../oauth/metadata'));
    const found = await discover(pg.auth.oauth2.issuer, pg.context('Discovery', pg.tokenExchanges));
    Object.assign(pg.auth.oauth2, endpointsFrom(found.metadata));
    const notes = [`Endpoints filled from ${found.source === 'openid-configuration' ? '/.well-known/openid-configuration' : '/.well-known/oauth-authorization-server'}.`];
    const suggestion = suggestedMethods(found.metadata, pg.auth.oauth2.clientSecret !== '');
    if (suggestion.clientAuth && !pg.chosen.has('clientAuth') && suggestion.clientAuth !== pg.auth.oauth2.clientAuth) {
      pg.auth.oauth2.clientAuth = suggestion.clientAuth;
      notes.push(`Client authentication set to ${suggestion.clientAuth}, which the server advertises.`);
    }
    if (suggestion.codeChallengeMethod && !pg.chosen.has('codeChallengeMethod') && suggestion.codeChallengeMethod !== pg.auth.oauth2.codeChallengeMethod) {
      pg.auth.oauth2.codeChallengeMethod = suggestion.codeChallengeMethod;
      notes.push(`Code challenge method set to ${suggestion.codeChallengeMethod}, which the server advertises.`);
    }
    pg.discovery = { metadata: found.metadata, source: found.source };
    pg.discoveryNotes = notes;
  } catch (error) {
    pg.tokenError = await describe(error, 'Discovery');
  } finally {
    pg.endCancellable();
    pg.busy = null;
  }
}

/** Revoke, Introspect or UserInfo on the current token; the result is shown under it. */
export async function tokenOperation(pg: Playground, kind: 'revoke' | 'introspect' | 'userinfo'): Promise<void> {
  const run = pg.tokenRecord;
  if (!run || pg.busy) return;
  pg.busy = 'operation';
  pg.beginCancellable();
  pg.operation = null;
  pg.operationError = null;
  pg.tokenExchanges = [];
  const labels = { revoke: 'Revocation', introspect: 'Introspection', userinfo: 'UserInfo' } as const;
  try {
    const settings = pg.settingsSnapshot();
    const protocol = await loadProtocol();
    const ctx = pg.context(`${labels[kind]} request`, pg.tokenExchanges);
    const token = run.token.access_token;
    if (kind === 'revoke') {
      await protocol.revokeToken(settings, token, 'access_token', ctx);
      pg.operation = { title: 'Revocation', result: 'The server accepted the revocation (HTTP 200). Introspect to see the token is no longer active.' };
    } else if (kind === 'introspect') {
      pg.operation = { title: 'Introspection', result: await protocol.introspectToken(settings, token, 'access_token', ctx) };
    } else {
      const sub = typeof run.idTokenClaims?.sub === 'string' ? run.idTokenClaims.sub : undefined;
      const dpop = await pg.dpopFor(run);
      pg.operation = { title: 'UserInfo', result: await protocol.fetchUserInfo(settings, token, sub, { ...ctx, ...(dpop ? { dpop } : {}) }) };
    }
  } catch (error) {
    pg.operationError = await describe(error, labels[kind]);
  } finally {
    pg.endCancellable();
    pg.busy = null;
  }
}

function attachedAuth(pg: Playground, run: TokenRun | null): AttachedAuth {
  const a = pg.effectiveAuth();
  switch (a.authType) {
    case 'oauth2': {
      const token = run?.token.access_token;
      if (!token) throw new PlaygroundError('There is no token yet.', { kind: 'input', code: 'no_token', hint: 'Click Get token first.' });
      return { kind: 'bearer', token };
    }
    case 'bearer':
      if (a.bearer.token.trim() === '') throw new PlaygroundError('The Token field is empty.', { kind: 'input', code: 'missing_field', hint: 'Paste an access token.' });
      return { kind: 'bearer', token: a.bearer.token.trim() };
    case 'basic':
      if (a.basic.username === '' && a.basic.password === '') {
        throw new PlaygroundError('Username and Password are both empty.', {
          kind: 'input',
          code: 'missing_field',
          hint: 'Enter a Username (for an API key sent as Basic user name, put the key there and leave Password empty).',
        });
      }
      return { kind: 'basic', username: a.basic.username, password: a.basic.password };
    case 'api_key':
      if (a.apiKey.value === '') throw new PlaygroundError('The API key is empty.', { kind: 'input', code: 'missing_field', hint: 'Enter the API key.' });
      return { kind: 'api_key', placement: a.apiKey.placement, name: a.apiKey.name, value: a.apiKey.value };
  }
}

/** `Send`: the test request with the current auth attached. */
export async function sendTestRequest(pg: Playground): Promise<void> {
  if (pg.sending) return;
  pg.sending = true;
  pg.requestError = null;
  pg.response = null;
  pg.requestExchanges = [];
  pg.renewNote = null;
  try {
    const protocol = await loadProtocol();
    const oauth2 = pg.auth.authType === 'oauth2';
    let run = oauth2 ? pg.tokenRecord : null;
    if (run && (run.source.environmentId ?? null) !== pg.environmentId) {
      throw new PlaygroundError('The current token was obtained in another environment; it is not sent with this one’s variables.', {
        kind: 'input',
        code: 'token_from_other_environment',
        hint: 'Click Get token in this environment, or switch back to the environment the token came from.',
      });
    }
    if (run && pg.auth.autoRenew && pg.expiresSoon(run)) {
      const left = secondsLeft(run.token, pg.now()) ?? 0;
      run = (await renewForRequest(pg, run, left <= 0 ? 'The token had expired.' : `The token expired in ${left} s.`)) ?? run;
    }
    const send = async (current: TokenRun | null, label: string) => {
      const auth = attachedAuth(pg, current);
      const request = resolveConfig(withSavedRequestSecrets($state.snapshot(pg.testRequest), pg.savedSecrets), pg.variables, 'test request');
      const prepared = protocol.prepareTestRequest(request, auth);
      const dpop = current && current.token.token_type === 'dpop' ? await pg.dpopFor(current) : undefined;
      return protocol.sendTestRequest(prepared, auth, { ...pg.context(label, pg.requestExchanges, {}, { anySize: true }), ...(dpop ? { dpop } : {}) });
    };
    let response = await send(run, 'Test request');
    if (run && pg.auth.autoRenew && response.status === 401 && /invalid_token/.test(response.wwwAuthenticate ?? '')) {
      // Once: the server says the token is no longer good (revoked, expired early).
      pg.response = response;
      let renewed: TokenRun | null = null;
      try {
        renewed = await renewForRequest(pg, run, 'The API answered 401 invalid_token.');
      } catch (error) {
        // The 401 stays on screen, with why renewing did not help.
        pg.requestError = await describe(error, 'Automatic renewal after 401 invalid_token');
        return;
      }
      if (renewed) response = await send(renewed, 'Test request (replayed)');
    }
    pg.response = response;
  } catch (error) {
    pg.response = null;
    pg.requestError = await describe(error, 'Test request');
  } finally {
    pg.sending = false;
  }
}
