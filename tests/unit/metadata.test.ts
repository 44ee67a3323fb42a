import type { AuthorizationServer } from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { FORM_POST_EXPLANATION, capabilities, endpointsFrom, settingsWarnings, suggestedMethods } from '../../src/lib/oauth/metadata';
import { oauth2Settings } from './support/settings';

const ISSUER = 'https://auth.example.com';

/** A full discovery document, as a provider such as oidc-provider publishes it. */
const fullMetadata = (): AuthorizationServer => ({
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  device_authorization_endpoint: `${ISSUER}/device`,
  revocation_endpoint: `${ISSUER}/revoke`,
  introspection_endpoint: `${ISSUER}/introspect`,
  userinfo_endpoint: `${ISSUER}/me`,
  pushed_authorization_request_endpoint: `${ISSUER}/par`,
  jwks_uri: `${ISSUER}/jwks`,
  authorization_response_iss_parameter_supported: true,
  grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
  scopes_supported: ['openid', 'profile', 'api:read'],
  token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
  code_challenge_methods_supported: ['S256'],
  response_modes_supported: ['query', 'fragment', 'form_post'],
});

/** Authorization Code settings that fit `fullMetadata` exactly: no warnings. */
const fittingCodeSettings = () =>
  oauth2Settings({ grantType: 'authorization_code', scope: 'openid api:read', clientAuth: 'client_secret_basic', codeChallengeMethod: 'S256' });

describe('endpointsFrom', () => {
  it('fills every endpoint field from the metadata', () => {
    expect(endpointsFrom(fullMetadata())).toEqual({
      issuer: ISSUER,
      authorizationUrl: `${ISSUER}/authorize`,
      tokenUrl: `${ISSUER}/token`,
      deviceAuthorizationUrl: `${ISSUER}/device`,
      revocationUrl: `${ISSUER}/revoke`,
      introspectionUrl: `${ISSUER}/introspect`,
      userinfoUrl: `${ISSUER}/me`,
      parUrl: `${ISSUER}/par`,
      jwksUri: `${ISSUER}/jwks`,
      issParameterSupported: true,
    });
  });

  it('empties the endpoints the server does not publish, or publishes as a non-string', () => {
    const metadata = { issuer: ISSUER, token_endpoint: `${ISSUER}/token`, userinfo_endpoint: 42, authorization_response_iss_parameter_supported: 'true' };
    expect(endpointsFrom(metadata as unknown as AuthorizationServer)).toEqual({
      issuer: ISSUER,
      authorizationUrl: '',
      tokenUrl: `${ISSUER}/token`,
      deviceAuthorizationUrl: '',
      revocationUrl: '',
      introspectionUrl: '',
      userinfoUrl: '',
      parUrl: '',
      jwksUri: '',
      issParameterSupported: false,
    });
  });
});

describe('capabilities', () => {
  it('lists what the server advertises', () => {
    expect(capabilities({ ...fullMetadata(), require_pushed_authorization_requests: true })).toEqual({
      grantTypes: ['authorization_code', 'client_credentials', 'refresh_token'],
      scopes: ['openid', 'profile', 'api:read'],
      clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
      pkceMethods: ['S256'],
      responseModes: ['query', 'fragment', 'form_post'],
      par: true,
      parRequired: true,
    });
  });

  it('gives empty lists for absent or ill-typed lists, and drops non-string items', () => {
    const metadata = { issuer: ISSUER, scopes_supported: 'openid', grant_types_supported: ['password', 7, null], require_pushed_authorization_requests: 'yes' };
    expect(capabilities(metadata as unknown as AuthorizationServer)).toEqual({
      grantTypes: ['password'],
      scopes: [],
      clientAuthMethods: [],
      pkceMethods: [],
      responseModes: [],
      par: false,
      parRequired: false,
    });
  });
});

describe('settingsWarnings', () => {
  it('has nothing to say when the settings fit what the server advertises', () => {
    expect(settingsWarnings(fittingCodeSettings(), fullMetadata())).toEqual([]);
  });

  it('warns when the grant is not advertised', () => {
    const metadata = { ...fullMetadata(), grant_types_supported: ['authorization_code', 'refresh_token'] };
    expect(settingsWarnings(oauth2Settings({ grantType: 'client_credentials', scope: '' }), metadata)).toEqual([
      'The server does not advertise the client_credentials grant (it lists: authorization_code, refresh_token).',
    ]);
  });

  it('takes the RFC 8414 default grants (authorization_code, implicit) when grant_types_supported is absent', () => {
    const { grant_types_supported: _, ...metadata } = fullMetadata();
    expect(settingsWarnings(oauth2Settings({ grantType: 'password', scope: '' }), metadata)).toEqual([
      'The server does not advertise the password grant (it lists: authorization_code, implicit).',
    ]);
    expect(settingsWarnings(fittingCodeSettings(), metadata)).toEqual([]);
  });

  it('warns when the client authentication method is not advertised', () => {
    const metadata = { ...fullMetadata(), token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'] };
    expect(settingsWarnings({ ...fittingCodeSettings(), clientAuth: 'client_secret_post' }, metadata)).toEqual([
      'Client authentication client_secret_post is not advertised (supported: client_secret_basic, private_key_jwt).',
    ]);
  });

  it('does not warn about the client authentication when the list is absent, or for json_body (not an OAuth method)', () => {
    const { token_endpoint_auth_methods_supported: _, ...withoutList } = fullMetadata();
    expect(settingsWarnings({ ...fittingCodeSettings(), clientAuth: 'none' }, withoutList)).toEqual([]);
    const metadata = { ...fullMetadata(), token_endpoint_auth_methods_supported: ['client_secret_basic'] };
    expect(settingsWarnings(oauth2Settings({ grantType: 'client_credentials', clientAuth: 'json_body', scope: '' }), metadata)).toEqual([]);
  });

  it('warns when plain PKCE is chosen but only S256 is advertised', () => {
    expect(settingsWarnings({ ...fittingCodeSettings(), codeChallengeMethod: 'plain' }, fullMetadata())).toEqual([
      'Code challenge method plain is not advertised (supported: S256).',
    ]);
  });

  it('warns when the server advertises no PKCE support at all', () => {
    const { code_challenge_methods_supported: _, ...metadata } = fullMetadata();
    expect(settingsWarnings(fittingCodeSettings(), metadata)).toEqual([
      'The server does not advertise PKCE support (code_challenge_methods_supported); it may ignore the code challenge.',
    ]);
  });

  it('says nothing about PKCE or PAR for grants without an authorization request', () => {
    const { code_challenge_methods_supported: _, ...metadata } = { ...fullMetadata(), require_pushed_authorization_requests: true };
    expect(settingsWarnings(oauth2Settings({ grantType: 'client_credentials', scope: 'api:read', codeChallengeMethod: 'plain' }), metadata)).toEqual([]);
  });

  it('warns when the server requires PAR and “Use PAR” is off, not when it is on', () => {
    const metadata = { ...fullMetadata(), require_pushed_authorization_requests: true };
    expect(settingsWarnings(fittingCodeSettings(), metadata)).toEqual(['The server requires Pushed Authorization Requests: turn on “Use PAR”.']);
    expect(settingsWarnings({ ...fittingCodeSettings(), usePar: true }, metadata)).toEqual([]);
  });

  it('names the scopes missing from scopes_supported', () => {
    expect(settingsWarnings({ ...fittingCodeSettings(), scope: '  openid  offline_access api:write ' }, fullMetadata())).toEqual([
      'Scope offline_access, api:write is not in the server’s scopes_supported (it may still be accepted).',
    ]);
  });

  it('does not check scopes when the server lists none', () => {
    const { scopes_supported: _, ...metadata } = fullMetadata();
    expect(settingsWarnings({ ...fittingCodeSettings(), scope: 'anything goes' }, metadata)).toEqual([]);
  });

  it('explains why form_post cannot work here', () => {
    expect(settingsWarnings({ ...fittingCodeSettings(), responseMode: 'form_post' }, fullMetadata())).toEqual([FORM_POST_EXPLANATION]);
    expect(FORM_POST_EXPLANATION).toBe(
      'response_mode=form_post makes the server POST the code to the redirect URI. A static page cannot receive a POST, so the code would never reach this app: use query or fragment.',
    );
  });

  it('lists several warnings in a fixed order', () => {
    const metadata = {
      ...fullMetadata(),
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      require_pushed_authorization_requests: true,
    };
    const settings = { ...fittingCodeSettings(), codeChallengeMethod: 'plain' as const, scope: 'email', responseMode: 'form_post' as const };
    expect(settingsWarnings(settings, metadata)).toEqual([
      'The server does not advertise the authorization_code grant (it lists: client_credentials).',
      'Client authentication client_secret_basic is not advertised (supported: private_key_jwt).',
      'Code challenge method plain is not advertised (supported: S256).',
      'The server requires Pushed Authorization Requests: turn on “Use PAR”.',
      'Scope email is not in the server’s scopes_supported (it may still be accepted).',
      FORM_POST_EXPLANATION,
    ]);
  });
});

describe('suggestedMethods', () => {
  const withMethods = (authMethods: string[] | undefined, pkce: string[] | undefined): AuthorizationServer => ({
    issuer: ISSUER,
    ...(authMethods ? { token_endpoint_auth_methods_supported: authMethods } : {}),
    ...(pkce ? { code_challenge_methods_supported: pkce } : {}),
  });

  it('with a secret prefers client_secret_basic, then client_secret_post', () => {
    expect(suggestedMethods(withMethods(['none', 'client_secret_post', 'client_secret_basic'], ['plain', 'S256']), true)).toEqual({
      clientAuth: 'client_secret_basic',
      codeChallengeMethod: 'S256',
    });
    expect(suggestedMethods(withMethods(['none', 'client_secret_post'], ['S256']), true)).toEqual({
      clientAuth: 'client_secret_post',
      codeChallengeMethod: 'S256',
    });
  });

  it('without a secret prefers none', () => {
    expect(suggestedMethods(withMethods(['client_secret_basic', 'client_secret_post', 'none'], ['S256']), false)).toEqual({
      clientAuth: 'none',
      codeChallengeMethod: 'S256',
    });
  });

  it('with a secret falls back to none when the server takes no secret method', () => {
    expect(suggestedMethods(withMethods(['none'], ['S256']), true)).toEqual({ clientAuth: 'none', codeChallengeMethod: 'S256' });
  });

  it('suggests plain only when S256 is not advertised', () => {
    expect(suggestedMethods(withMethods(['client_secret_basic'], ['plain']), true)).toEqual({
      clientAuth: 'client_secret_basic',
      codeChallengeMethod: 'plain',
    });
  });

  it('takes the RFC 8414 default client_secret_basic when the list is absent, and suggests no PKCE method without a list', () => {
    expect(suggestedMethods(withMethods(undefined, undefined), true)).toEqual({ clientAuth: 'client_secret_basic' });
    expect(suggestedMethods(withMethods(undefined, undefined), false)).toEqual({ clientAuth: 'client_secret_basic' });
  });

  it('suggests no client authentication when the server takes none of the methods this app has', () => {
    expect(suggestedMethods(withMethods(['private_key_jwt', 'tls_client_auth'], ['S512']), true)).toEqual({});
  });
});
