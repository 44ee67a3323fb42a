import { describe, expect, it } from 'vitest';
import { requestToken } from '../../src/lib/oauth/token-request';
import { describeError } from '../../src/lib/oauth/describe-error';
import { GRANT_TYPES, IMPLEMENTED_GRANTS } from '../../src/lib/config/auth-config';
import { cannedFetch, contextWith, formOf, jsonResponse, rejectionOf } from './support/canned-fetch';
import { oauth2Settings } from './support/settings';

const ok = () => jsonResponse({ access_token: 'at', token_type: 'bearer' });

describe('requestToken', () => {
  it('runs the form-encoded client_credentials grant for client_secret_basic', async () => {
    const fetch = cannedFetch(ok);
    const token = await requestToken(oauth2Settings({ clientAuth: 'client_secret_basic' }), contextWith(fetch));
    expect(token.access_token).toBe('at');
    expect(fetch.calls[0]!.headers.get('content-type')).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(formOf(fetch.calls[0]).get('grant_type')).toBe('client_credentials');
  });

  it('runs the JSON-body variant for json_body', async () => {
    const fetch = cannedFetch(ok);
    await requestToken(oauth2Settings({ clientAuth: 'json_body', clientId: 'id', clientSecret: 'secret' }), contextWith(fetch));
    expect(fetch.calls[0]!.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(fetch.calls[0]!.body!)).toEqual({ client_id: 'id', client_secret: 'secret' });
  });

  it.each(GRANT_TYPES.filter((grant) => !IMPLEMENTED_GRANTS.includes(grant)))(
    'refuses the %s grant as input grant_not_implemented without sending anything',
    async (grantType) => {
      const fetch = cannedFetch(ok);
      const error = await describeError(await rejectionOf(requestToken(oauth2Settings({ grantType }), contextWith(fetch))), 'Token request');
      expect(error.kind).toBe('input');
      expect(error.code).toBe('grant_not_implemented');
      expect(fetch.calls).toHaveLength(0);
    },
  );
});
