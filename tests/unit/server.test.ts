import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { authorizationServerFrom, clientFrom } from '../../src/lib/oauth/server';
import { PlaygroundError } from '../../src/lib/errors/playground-error';
import type { OAuth2Settings } from '../../src/lib/config/auth-config';
import { oauth2Settings } from './support/settings';

/** Settings with every endpoint blank: each test fills only what it is about. */
const blank = (overrides: Partial<OAuth2Settings> = {}) => oauth2Settings({ tokenUrl: '', ...overrides });

/** The error `fn` throws or rejects with, checked to be a `PlaygroundError`. */
async function thrownBy(fn: () => unknown): Promise<PlaygroundError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PlaygroundError);
    return error as PlaygroundError;
  }
  throw new Error('expected a PlaygroundError, but nothing was thrown');
}

/** What `clientAuth` adds to a token request: the form body and the headers. */
async function applied(clientAuth: oauth.ClientAuth) {
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  const headers = new Headers();
  await clientAuth({ issuer: 'https://auth.example.com' }, { client_id: 'client1' }, body, headers);
  return { body: [...body], authorization: headers.get('authorization') };
}

describe('authorizationServerFrom', () => {
  it('uses the Issuer field, trimmed, when there is one', () => {
    const as = authorizationServerFrom(blank({ issuer: ' https://login.example.com/tenant ', tokenUrl: 'https://auth.example.com/token' }));
    expect(as.issuer).toBe('https://login.example.com/tenant');
  });

  it('falls back to the origin of the Token URL, then the Authorization URL, then the device endpoint', () => {
    expect(
      authorizationServerFrom(
        blank({ tokenUrl: 'https://token.example.com:8443/oauth/token', authorizationUrl: 'https://authz.example.com/authorize' }),
      ).issuer,
    ).toBe('https://token.example.com:8443');
    expect(
      authorizationServerFrom(blank({ authorizationUrl: 'https://authz.example.com/authorize', deviceAuthorizationUrl: 'https://device.example.com/d' }))
        .issuer,
    ).toBe('https://authz.example.com');
    expect(authorizationServerFrom(blank({ deviceAuthorizationUrl: ' https://device.example.com/d ' })).issuer).toBe('https://device.example.com');
  });

  it('uses a placeholder issuer when there is no usable endpoint', () => {
    expect(authorizationServerFrom(blank()).issuer).toBe('urn:unknown-issuer');
    expect(authorizationServerFrom(blank({ tokenUrl: 'not a url' })).issuer).toBe('urn:unknown-issuer');
  });

  it('sets only the endpoints that are filled in', () => {
    expect(authorizationServerFrom(blank({ issuer: 'https://auth.example.com', tokenUrl: 'https://auth.example.com/token', userinfoUrl: '   ' }))).toEqual({
      issuer: 'https://auth.example.com',
      token_endpoint: 'https://auth.example.com/token',
    });
  });

  it('maps every endpoint field, trimmed, and the iss flag', () => {
    const as = authorizationServerFrom(
      blank({
        issuer: 'https://auth.example.com',
        authorizationUrl: 'https://auth.example.com/authorize ',
        tokenUrl: 'https://auth.example.com/token',
        deviceAuthorizationUrl: 'https://auth.example.com/device',
        revocationUrl: 'https://auth.example.com/revoke',
        introspectionUrl: 'https://auth.example.com/introspect',
        userinfoUrl: 'https://auth.example.com/me',
        parUrl: 'https://auth.example.com/par',
        jwksUri: 'https://auth.example.com/jwks',
        issParameterSupported: true,
      }),
    );
    expect(as).toEqual({
      issuer: 'https://auth.example.com',
      authorization_endpoint: 'https://auth.example.com/authorize',
      token_endpoint: 'https://auth.example.com/token',
      device_authorization_endpoint: 'https://auth.example.com/device',
      revocation_endpoint: 'https://auth.example.com/revoke',
      introspection_endpoint: 'https://auth.example.com/introspect',
      userinfo_endpoint: 'https://auth.example.com/me',
      pushed_authorization_request_endpoint: 'https://auth.example.com/par',
      jwks_uri: 'https://auth.example.com/jwks',
      authorization_response_iss_parameter_supported: true,
    });
  });

  it('leaves the iss flag out when the server does not send iss', () => {
    expect(authorizationServerFrom(blank({ tokenUrl: 'https://auth.example.com/token', issParameterSupported: false }))).not.toHaveProperty(
      'authorization_response_iss_parameter_supported',
    );
  });
});

describe('clientFrom', () => {
  it('builds the client with the trimmed Client ID', async () => {
    expect((await clientFrom(oauth2Settings({ clientId: '  my-client  ' }))).client).toEqual({ client_id: 'my-client' });
  });

  it('client_secret_basic puts the secret in the Authorization header', async () => {
    const { clientAuth } = await clientFrom(oauth2Settings({ clientAuth: 'client_secret_basic', clientSecret: 's3cret' }));
    expect(await applied(clientAuth)).toEqual({ body: [['grant_type', 'client_credentials']], authorization: `Basic ${btoa('client1:s3cret')}` });
  });

  it('client_secret_post puts client_id and client_secret in the body', async () => {
    const { clientAuth } = await clientFrom(oauth2Settings({ clientAuth: 'client_secret_post', clientSecret: 's3cret' }));
    expect(await applied(clientAuth)).toEqual({
      body: [
        ['grant_type', 'client_credentials'],
        ['client_id', 'client1'],
        ['client_secret', 's3cret'],
      ],
      authorization: null,
    });
  });

  it('none needs no secret and sends only client_id', async () => {
    const { clientAuth } = await clientFrom(oauth2Settings({ clientAuth: 'none', clientSecret: '' }));
    expect(await applied(clientAuth)).toEqual({
      body: [
        ['grant_type', 'client_credentials'],
        ['client_id', 'client1'],
      ],
      authorization: null,
    });
  });

  it.each(['client_secret_basic', 'client_secret_post'] as const)('%s requires the Client secret', async (clientAuth) => {
    const error = await thrownBy(() => clientFrom(oauth2Settings({ clientAuth, clientSecret: '  ' })));
    expect(error.kind).toBe('input');
    expect(error.code).toBe('missing_field');
    expect(error.message).toBe('Client secret is empty.');
    expect(error.hint).toBe('Enter the Client secret, or choose Client authentication “none” for a public client.');
  });

  it('requires the Client ID', async () => {
    const error = await thrownBy(() => clientFrom(oauth2Settings({ clientId: ' ' })));
    expect(error.kind).toBe('input');
    expect(error.code).toBe('missing_field');
    expect(error.message).toBe('Client ID is empty.');
  });

  it.each(['authorization_code', 'urn:ietf:params:oauth:grant-type:device_code', 'password', 'refresh_token'] as const)(
    'refuses json_body for the %s grant as input unsupported_client_auth',
    async (grantType) => {
      const error = await thrownBy(() => clientFrom(oauth2Settings({ grantType, clientAuth: 'json_body' })));
      expect(error.kind).toBe('input');
      expect(error.code).toBe('unsupported_client_auth');
      expect(error.message).toBe('Client authentication json_body only works for the client_credentials grant.');
      expect(error.hint).toBe('Choose client_secret_basic, client_secret_post or none for this grant.');
    },
  );

  it('private_key_jwt signs a client assertion with the pasted key (no secret sent)', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const jwk = { ...(await crypto.subtle.exportKey('jwk', pair.privateKey)), kid: 'k1' };
    const { clientAuth } = await clientFrom(oauth2Settings({ clientAuth: 'private_key_jwt', clientSecret: '', privateKeyJwk: JSON.stringify(jwk) }));
    const { body, authorization } = await applied(clientAuth);
    expect(authorization).toBeNull();
    const fields = Object.fromEntries(body);
    expect(fields.client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const [header, claims, signature] = fields.client_assertion!.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({ alg: 'ES256', kid: 'k1' });
    expect(JSON.parse(Buffer.from(claims!, 'base64url').toString())).toMatchObject({ iss: 'client1', sub: 'client1' });
    const verified = await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      pair.publicKey,
      Buffer.from(signature!, 'base64url'),
      new TextEncoder().encode(`${header}.${claims}`),
    );
    expect(verified).toBe(true);
    expect(JSON.stringify(body)).not.toContain(jwk.d);
  });

  it.each([
    ['', 'private_key_jwt needs the client’s private key.'],
    ['not json', 'The private key is not valid JSON.'],
    ['{"kty":"EC","crv":"P-256","x":"a","y":"b"}', 'The JWK is not a private key (it has no "d").'],
    ['{"kty":"EC","crv":"secp256k1","d":"x"}', 'Keys of type EC secp256k1 are not supported (use EC P-256/P-384, RSA or Ed25519).'],
  ])('private_key_jwt refuses the key %j as input invalid_private_key', async (privateKeyJwk, message) => {
    const error = await thrownBy(() => clientFrom(oauth2Settings({ clientAuth: 'private_key_jwt', privateKeyJwk })));
    expect(error.kind).toBe('input');
    expect(error.code).toBe('invalid_private_key');
    expect(error.message).toBe(message);
  });
});
