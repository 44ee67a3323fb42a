import { describe, expect, it } from 'vitest';
import { errorEvent, stepEvent, tokenEvent } from '../../src/lib/config/embed-events';

const token = {
  access_token: 'eyJhbGciOiJFUzI1NiJ9.access-token-value-0123456789',
  token_type: 'bearer',
  scope: 'api:read',
  expires_in: 600,
  refresh_token: 'refresh-token-value-0123456789',
  id_token: 'id-token-value-0123456789',
};

describe('tokenEvent', () => {
  it('without delivery: type, scope, lifetime and a masked preview, never a token', () => {
    const event = tokenEvent(token, false);
    expect(event).toEqual({ source: 'oauth-playground', type: 'token', token_type: 'bearer', scope: 'api:read', expires_in: 600, access_token_preview: `eyJh…(${token.access_token.length} chars)` });
    const text = JSON.stringify(event);
    for (const secret of [token.access_token, token.refresh_token, token.id_token]) expect(text).not.toContain(secret);
  });

  it('with delivery: the access token, still never the refresh or ID token', () => {
    const event = tokenEvent(token, true);
    expect(event.access_token).toBe(token.access_token);
    const text = JSON.stringify(event);
    expect(text).not.toContain(token.refresh_token);
    expect(text).not.toContain(token.id_token);
  });

  it('says null for what the server did not send', () => {
    const event = tokenEvent({ access_token: 'short', token_type: 'bearer' }, false);
    expect(event).toMatchObject({ scope: null, expires_in: null, access_token_preview: '…(5 chars)' });
  });
});

describe('errorEvent', () => {
  it('masks every known secret in the code, message and description', () => {
    const secret = 'demo-cc-secret-wrong';
    const event = errorEvent(
      { code: 'invalid_client', message: `Client authentication failed for secret ${secret}`, status: 401, error_description: `bad ${secret}` },
      [secret],
    );
    expect(JSON.stringify(event)).not.toContain(secret);
    expect(event).toMatchObject({ source: 'oauth-playground', type: 'error', code: 'invalid_client', status: 401 });
    expect(event.message).toContain('demo…(20 chars)');
  });

  it('keeps a plain message whole', () => {
    expect(errorEvent({ code: 'popup_blocked', message: 'The browser blocked the popup.' }, [])).toEqual({
      source: 'oauth-playground',
      type: 'error',
      code: 'popup_blocked',
      message: 'The browser blocked the popup.',
      status: null,
      error_description: null,
    });
  });
});

describe('stepEvent', () => {
  it('numbers steps from 1 and says done after the last', () => {
    expect(stepEvent({ id: 'token', title: 'The server issues a token' }, 1, 4)).toEqual({ source: 'oauth-playground', type: 'step', step: 'token', title: 'The server issues a token', index: 2, total: 4, failed: false });
    expect(stepEvent(undefined, 4, 4)).toMatchObject({ step: 'done', index: 5 });
  });
});
