/**
 * The playground's actions that are not needed to open the page: Discover, Revoke/Introspect/
 * UserInfo and the test request (renewing its token when due). Loaded on first use; each works
 * through the flow port and the playground's state classes.
 */
import { PlaygroundError } from '../errors/playground-error';
import { explainedError } from '../http/explain-exchange';
import type { AttachedAuth } from '../http/test-request';
import { secondsLeft } from '../oauth/token-set';
import type { TokenRun } from '../store/storage';
import type { FlowPort } from './flows/flow';
import { refreshRun } from './flows/refresh';
import type { Configuration } from './configuration.svelte';
import type { DiscoveryResult, OperationOutcome, TestOutcome, TokenAttempt } from './outcomes.svelte';
import type { Requests } from './requests.svelte';
import { resolveAuth, resolveIssuer, resolveTestRequest } from './resolve';
import type { SecretScope } from './secret-scope.svelte';
import type { TaskRunner } from './task-runner.svelte';
import type { TokenRunList } from './token-runs.svelte';
import { describe, loadProtocol } from './protocol';

/** What the actions work with: the state classes, never the whole playground. */
export interface ActionParts {
  readonly config: Configuration;
  readonly scope: SecretScope;
  readonly tasks: TaskRunner;
  readonly tokens: TokenRunList;
  readonly requests: Requests;
  readonly attempt: TokenAttempt;
  readonly discovery: DiscoveryResult;
  readonly operation: OperationOutcome;
  readonly test: TestOutcome;
  now(): number;
}

/** `Discover`: fills endpoints from the issuer's metadata; methods are suggested, never overridden. */
export async function discover(pg: ActionParts, port: FlowPort): Promise<void> {
  pg.discovery.begin();
  await pg.tasks.run(
    'discover',
    async () => {
      pg.attempt.begin('');
      const issuer = resolveIssuer(pg).trim();
      if (issuer === '') throw new PlaygroundError('The Issuer is empty.', { kind: 'input', code: 'missing_field', hint: 'Enter the issuer URL (for example https://login.example.com), then Discover.' });
      const { discover } = await loadProtocol();
      const { endpointsFrom, suggestedMethods } = await pg.requests.metadataHelpers();
      const found = await discover(issuer, port.context('Discovery'));
      const endpoints = endpointsFrom(found.metadata);
      // The issuer field keeps what the person typed ({{variables}} included).
      delete endpoints.issuer;
      pg.config.applyDiscovered(endpoints, issuer);
      const notes = [`Endpoints filled from ${found.source === 'openid-configuration' ? '/.well-known/openid-configuration' : '/.well-known/oauth-authorization-server'}.`];
      const o = pg.config.auth.oauth2;
      const hasSecret = pg.scope.hasClientSecret(o);
      const suggestion = suggestedMethods(found.metadata, hasSecret);
      const choices = pg.config.choices;
      if (suggestion.clientAuth && suggestion.clientAuth !== o.clientAuth) {
        // A choice the person or a saved credential made stays; `none` is never picked while a secret is set.
        if (choices.clientAuth || (suggestion.clientAuth === 'none' && hasSecret)) {
          notes.push(`The server advertises ${suggestion.clientAuth}; Client authentication stays ${o.clientAuth}${choices.clientAuth ? ` (${choices.clientAuth === 'saved' ? 'as saved' : 'your choice'})` : ' (a client secret is set)'}. Change it if the server refuses the client.`);
        } else {
          pg.config.choose('clientAuth', suggestion.clientAuth);
          notes.push(`Client authentication set to ${suggestion.clientAuth}, which the server advertises.`);
        }
      }
      if (suggestion.codeChallengeMethod && suggestion.codeChallengeMethod !== o.codeChallengeMethod) {
        if (choices.codeChallengeMethod) {
          notes.push(`The server advertises code challenge method ${suggestion.codeChallengeMethod}; it stays ${o.codeChallengeMethod}.`);
        } else {
          pg.config.choose('codeChallengeMethod', suggestion.codeChallengeMethod);
          notes.push(`Code challenge method set to ${suggestion.codeChallengeMethod}, which the server advertises.`);
        }
      }
      pg.discovery.done({ metadata: found.metadata, source: found.source }, notes);
    },
    { what: 'Discovery', onError: (error) => pg.discovery.fail(explainedError(error, pg.attempt.exchanges)) },
  );
}

const OPERATION_LABELS = { revoke: 'Revocation', introspect: 'Introspection', userinfo: 'UserInfo' } as const;
const OPERATION_ENDPOINTS = { revoke: 'revocationUrl', introspect: 'introspectionUrl', userinfo: 'userinfoUrl' } as const;

/** Revoke, Introspect or UserInfo on the current token; the result is shown under it. */
export async function tokenOperation(pg: ActionParts, port: FlowPort, kind: 'revoke' | 'introspect' | 'userinfo'): Promise<void> {
  const run = pg.tokens.current;
  if (!run || pg.tasks.busy) return;
  pg.operation.begin();
  await pg.tasks.run(
    'operation',
    async () => {
      pg.attempt.begin('');
      // An empty endpoint is read from the issuer's metadata, once.
      const settings = await port.withEndpoints(port.settings(), [OPERATION_ENDPOINTS[kind]]);
      const protocol = await loadProtocol();
      const ctx = port.context(`${OPERATION_LABELS[kind]} request`);
      const token = run.token.access_token;
      if (kind === 'revoke') {
        await protocol.revokeToken(settings, token, 'access_token', ctx);
        pg.operation.done({ title: 'Revocation', result: 'The server accepted the revocation (HTTP 200). Introspect to see the token is no longer active.' });
      } else if (kind === 'introspect') {
        pg.operation.done({ title: 'Introspection', result: await protocol.introspectToken(settings, token, 'access_token', ctx) });
      } else {
        const sub = typeof run.idTokenClaims?.sub === 'string' ? run.idTokenClaims.sub : undefined;
        const dpop = await pg.tokens.dpopFor(run);
        pg.operation.done({ title: 'UserInfo', result: await protocol.fetchUserInfo(settings, token, sub, { ...ctx, ...(dpop ? { dpop } : {}) }) });
      }
    },
    // The alert says what the failed exchange's log entry says (and may offer the other Basic encoding).
    { what: OPERATION_LABELS[kind], onError: (error) => pg.operation.fail(explainedError(error, pg.attempt.exchanges, pg.config.auth.oauth2.basicEncoding)) },
  );
}

/**
 * Renews the current token for a test request, without the person clicking: with its refresh
 * token, or by asking again with client credentials. Null when neither is possible.
 */
async function renewForRequest(pg: ActionParts, port: FlowPort, run: TokenRun, why: string): Promise<TokenRun | null> {
  const how = run.token.refresh_token ? 'with its refresh token' : 'with a new client-credentials request';
  const ctx = (label: string) => pg.requests.context(label, pg.test.exchanges);
  if (run.token.refresh_token) {
    await refreshRun(port, run, run.token.refresh_token, ctx('Refresh request (automatic)'));
  } else if (run.source.grantType === 'client_credentials' && pg.config.auth.oauth2.grantType === 'client_credentials') {
    const settings = port.settings();
    const { requestToken } = await loadProtocol();
    const { dpopKeyPair, dpop } = await port.newDpop(settings);
    const token = await requestToken(settings, { ...ctx('Token request (automatic)'), ...(dpop ? { dpop } : {}) });
    await port.keepToken(token, settings, dpopKeyPair ? { dpopKeyPair } : {}, dpop);
  } else {
    return null;
  }
  pg.test.renewed(`${why} It was renewed automatically ${how}; tokens are kept and reused for their lifetime otherwise.`);
  return pg.tokens.current;
}

function attachedAuth(pg: ActionParts, run: TokenRun | null): AttachedAuth {
  const a = resolveAuth(pg, pg.config.auth);
  switch (a.authType) {
    case 'oauth2': {
      const token = run?.token.access_token;
      if (!token) throw new PlaygroundError('There is no token yet.', { kind: 'input', code: 'no_token', hint: 'Click Get token first.' });
      if (run.idTokenRejected && !run.accepted) {
        throw new PlaygroundError(`The current token is held back: ${run.idTokenRejected.message}.`, {
          kind: 'input',
          code: 'token_held_back',
          hint: 'Choose “Use these tokens anyway” under the token to send it, or fix the setting and click Get token again.',
        });
      }
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
export async function sendTestRequest(pg: ActionParts, port: FlowPort): Promise<void> {
  if (!pg.test.begin()) return;
  try {
    const protocol = await loadProtocol();
    let run = pg.config.auth.authType === 'oauth2' ? pg.tokens.current : null;
    if (run && (run.source.environmentId ?? null) !== pg.scope.environmentId) {
      throw new PlaygroundError('The current token was obtained in another environment; it is not sent with this one’s variables.', {
        kind: 'input',
        code: 'token_from_other_environment',
        hint: 'Click Get token in this environment, or switch back to the environment the token came from.',
      });
    }
    if (run && pg.config.auth.autoRenew && pg.tokens.expiresSoon(run)) {
      const left = secondsLeft(run.token, pg.now()) ?? 0;
      run = (await renewForRequest(pg, port, run, left <= 0 ? 'The token had expired.' : `The token expired in ${left} s.`)) ?? run;
    }
    const send = async (current: TokenRun | null, label: string) => {
      const auth = attachedAuth(pg, current);
      const request = resolveTestRequest(pg, $state.snapshot(pg.config.testRequest));
      const prepared = protocol.prepareTestRequest(request, auth);
      const dpop = current && current.token.token_type === 'dpop' ? await pg.tokens.dpopFor(current) : undefined;
      return protocol.sendTestRequest(prepared, auth, { ...pg.requests.context(label, pg.test.exchanges, {}, { anySize: true }), ...(dpop ? { dpop } : {}) });
    };
    let response = await send(run, 'Test request');
    if (run && pg.config.auth.autoRenew && response.status === 401 && /invalid_token/.test(response.wwwAuthenticate ?? '')) {
      // Once: the server says the token is no longer good (revoked, expired early).
      pg.test.respond(response);
      let renewed: TokenRun | null = null;
      try {
        renewed = await renewForRequest(pg, port, run, 'The API answered 401 invalid_token.');
      } catch (error) {
        // The 401 stays on screen, with why renewing did not help.
        pg.test.fail(await describe(error, 'Automatic renewal after 401 invalid_token'), { keepResponse: true });
        return;
      }
      if (renewed) response = await send(renewed, 'Test request (replayed)');
    }
    pg.test.respond(response);
  } catch (error) {
    pg.test.fail(await describe(error, 'Test request'));
  } finally {
    pg.test.end();
  }
}
