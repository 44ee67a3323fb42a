import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { CLIENT_AUTH_DESCRIPTIONS, clientAuthFor, needsClientSecret } from '../../src/lib/oauth/client-auth';
import { CLIENT_AUTH_METHODS } from '../../src/lib/config/auth-config';

const as: oauth.AuthorizationServer = { issuer: 'https://auth.example.com', token_endpoint: 'https://auth.example.com/token' };
const client: oauth.Client = { client_id: 'id with space' };

/** What a ClientAuth puts into a token request's body and headers. */
async function applied(auth: oauth.ClientAuth) {
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  const headers = new Headers();
  await auth(as, client, body, headers);
  return { body: [...body], headers: [...headers] };
}

describe('client authentication', () => {
  it('needsClientSecret is false only for none and private_key_jwt', () => {
    expect(CLIENT_AUTH_METHODS.map((method) => [method, needsClientSecret(method)])).toEqual([
      ['client_secret_basic', true],
      ['client_secret_post', true],
      ['none', false],
      ['json_body', true],
      ['private_key_jwt', false],
    ]);
  });

  it('client_secret_basic puts Basic base64(form-urlencoded id:secret) in the headers and nothing in the body', async () => {
    expect(await applied(clientAuthFor('client_secret_basic', 's3cr=t'))).toEqual({
      body: [['grant_type', 'client_credentials']],
      headers: [['authorization', `Basic ${btoa('id+with+space:s3cr%3Dt')}`]],
    });
  });

  it('client_secret_post puts client_id and client_secret in the body', async () => {
    expect(await applied(clientAuthFor('client_secret_post', 's3cr=t'))).toEqual({
      body: [
        ['grant_type', 'client_credentials'],
        ['client_id', 'id with space'],
        ['client_secret', 's3cr=t'],
      ],
      headers: [],
    });
  });

  it('none puts only client_id in the body', async () => {
    expect(await applied(clientAuthFor('none', 'ignored'))).toEqual({
      body: [
        ['grant_type', 'client_credentials'],
        ['client_id', 'id with space'],
      ],
      headers: [],
    });
  });

  it('describes every method', () => {
    expect(Object.keys(CLIENT_AUTH_DESCRIPTIONS).sort()).toEqual([...CLIENT_AUTH_METHODS].sort());
    for (const method of CLIENT_AUTH_METHODS) expect(CLIENT_AUTH_DESCRIPTIONS[method].startsWith(`${method}`)).toBe(true);
  });
});
