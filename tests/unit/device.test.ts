import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { pollDeviceToken, startDeviceAuthorization } from '../../src/lib/oauth/device';
import { describeError } from '../../src/lib/oauth/describe-error';
import { OAUTH_ERROR_HINTS } from '../../src/lib/errors/oauth-error-codes';
import type { OAuth2Settings } from '../../src/lib/config/auth-config';
import { NOW, cannedFetch, contextWith, formOf, jsonResponse, rejectionOf } from './support/canned-fetch';
import { oauth2Settings } from './support/settings';

const DEVICE_URL = 'https://auth.example.com/device';
const TOKEN_URL = 'https://auth.example.com/oauth/token';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** A public client on the device grant. */
const deviceSettings = (overrides: Partial<OAuth2Settings> = {}) =>
  oauth2Settings({
    grantType: DEVICE_GRANT,
    deviceAuthorizationUrl: DEVICE_URL,
    tokenUrl: TOKEN_URL,
    clientId: 'tv-app',
    clientSecret: '',
    clientAuth: 'none',
    scope: 'openid offline_access',
    ...overrides,
  });

const deviceResponse = { device_code: 'dc-1', user_code: 'WDJB-MJHT', verification_uri: 'https://auth.example.com/activate', expires_in: 600 };

describe('startDeviceAuthorization', () => {
  it('asks the device endpoint for codes with client_id and scope; the interval defaults to 5 seconds', async () => {
    const fetch = cannedFetch(() => jsonResponse(deviceResponse));
    const start = await startDeviceAuthorization(deviceSettings({ extraParams: [{ key: 'audience', value: 'tv-api' }] }), contextWith(fetch));
    expect(start).toEqual({ ...deviceResponse, interval: 5 });
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]!.method).toBe('POST');
    expect(fetch.calls[0]!.url).toBe(DEVICE_URL);
    expect(Object.fromEntries(formOf(fetch.calls[0]))).toEqual({ client_id: 'tv-app', scope: 'openid offline_access', audience: 'tv-api' });
  });

  it('keeps the server’s interval and verification_uri_complete', async () => {
    const complete = 'https://auth.example.com/activate?user_code=WDJB-MJHT';
    const fetch = cannedFetch(() => jsonResponse({ ...deviceResponse, interval: 10, verification_uri_complete: complete }));
    expect(await startDeviceAuthorization(deviceSettings(), contextWith(fetch))).toEqual({ ...deviceResponse, interval: 10, verification_uri_complete: complete });
  });

  it('a confidential client authenticates the device request', async () => {
    const fetch = cannedFetch(() => jsonResponse(deviceResponse));
    await startDeviceAuthorization(deviceSettings({ clientId: 'tv', clientSecret: 'tvsecret', clientAuth: 'client_secret_basic', scope: '' }), contextWith(fetch));
    expect(fetch.calls[0]!.headers.get('authorization')).toBe(`Basic ${btoa('tv:tvsecret')}`);
    expect(formOf(fetch.calls[0]).has('scope')).toBe(false);
  });

  it.each([
    ['an empty device authorization URL', { deviceAuthorizationUrl: '' }, 'Device authorization URL is empty.'],
    ['an empty Token URL', { tokenUrl: '' }, 'Token URL is empty.'],
  ])('refuses %s as input without sending', async (_, overrides, message) => {
    const fetch = cannedFetch(() => jsonResponse(deviceResponse));
    const error = await describeError(await rejectionOf(startDeviceAuthorization(deviceSettings(overrides), contextWith(fetch))), 'Device authorization');
    expect(error.kind).toBe('input');
    expect(error.code).toBe('missing_field');
    expect(error.message).toBe(message);
    expect(fetch.calls).toHaveLength(0);
  });

  it('an OAuth error from the device endpoint becomes an oauth_error', async () => {
    const fetch = cannedFetch(() => jsonResponse({ error: 'invalid_scope', error_description: 'unknown scope tv:admin' }, 400));
    const error = await describeError(await rejectionOf(startDeviceAuthorization(deviceSettings(), contextWith(fetch))), 'Device authorization');
    expect(error).toMatchObject({ kind: 'oauth_error', code: 'invalid_scope', error_description: 'unknown scope tv:admin', status: 400 });
  });

  it('a response without user_code is malformed', async () => {
    const { user_code: _, ...incomplete } = deviceResponse;
    const fetch = cannedFetch(() => jsonResponse(incomplete));
    const error = await describeError(await rejectionOf(startDeviceAuthorization(deviceSettings(), contextWith(fetch))), 'Device authorization');
    expect(error.kind).toBe('malformed_response');
    expect(error.code).toBe(oauth.INVALID_RESPONSE);
  });
});

describe('pollDeviceToken', () => {
  it('sends the device code with the device grant type', async () => {
    const fetch = cannedFetch(() => jsonResponse({ error: 'authorization_pending' }, 400));
    await pollDeviceToken(deviceSettings(), 'dc-1', contextWith(fetch));
    expect(fetch.calls[0]!.url).toBe(TOKEN_URL);
    expect(Object.fromEntries(formOf(fetch.calls[0]))).toEqual({ grant_type: DEVICE_GRANT, device_code: 'dc-1', client_id: 'tv-app' });
  });

  it('authorization_pending → pending', async () => {
    const fetch = cannedFetch(() => jsonResponse({ error: 'authorization_pending' }, 400));
    expect(await pollDeviceToken(deviceSettings(), 'dc-1', contextWith(fetch))).toEqual({ status: 'pending' });
  });

  it('slow_down → slow_down', async () => {
    const fetch = cannedFetch(() => jsonResponse({ error: 'slow_down' }, 400));
    expect(await pollDeviceToken(deviceSettings(), 'dc-1', contextWith(fetch))).toEqual({ status: 'slow_down' });
  });

  it('a token → done, with the token', async () => {
    const fetch = cannedFetch(() => jsonResponse({ access_token: 'at-tv', token_type: 'Bearer', expires_in: 60, refresh_token: 'rt-tv' }));
    expect(await pollDeviceToken(deviceSettings(), 'dc-1', contextWith(fetch))).toEqual({
      status: 'done',
      token: {
        access_token: 'at-tv',
        token_type: 'bearer',
        refresh_token: 'rt-tv',
        scope: 'openid offline_access',
        scopeFromServer: false,
        expires_in: 60,
        obtainedAt: NOW,
        expiresAt: NOW + 60_000,
        extra: {},
      },
    });
  });

  it.each(['expired_token', 'access_denied'])('%s is thrown, and describeError makes it an oauth_error', async (code) => {
    const fetch = cannedFetch(() => jsonResponse({ error: code, error_description: `described ${code}` }, 400));
    const raw = await rejectionOf(pollDeviceToken(deviceSettings(), 'dc-1', contextWith(fetch)));
    expect(raw).toBeInstanceOf(oauth.ResponseBodyError);
    const error = await describeError(raw, 'Device token request');
    expect(error).toMatchObject({
      kind: 'oauth_error',
      code,
      error: code,
      error_description: `described ${code}`,
      status: 400,
      hint: `The server answered HTTP 400 with an application/json body: error “${code}”, error_description “described ${code}”. ${OAUTH_ERROR_HINTS[code]}`,
    });
  });

  it('refuses an empty Token URL without sending', async () => {
    const fetch = cannedFetch(() => jsonResponse({ error: 'authorization_pending' }, 400));
    const error = await describeError(await rejectionOf(pollDeviceToken(deviceSettings({ tokenUrl: '' }), 'dc-1', contextWith(fetch))), 'Device token request');
    expect(error.kind).toBe('input');
    expect(error.code).toBe('missing_field');
    expect(fetch.calls).toHaveLength(0);
  });
});
