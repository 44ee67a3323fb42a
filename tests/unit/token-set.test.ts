import { describe, expect, it } from 'vitest';
import { secondsLeft, toTokenSet } from '../../src/lib/oauth/token-set';

const T0 = 1_700_000_000_000;

describe('toTokenSet', () => {
  it('sets obtainedAt to the given time and expiresAt to obtainedAt + expires_in seconds', () => {
    const token = toTokenSet({ access_token: 'at', token_type: 'bearer', expires_in: 3600 }, T0, '');
    expect(token.obtainedAt).toBe(T0);
    expect(token.expires_in).toBe(3600);
    expect(token.expiresAt).toBe(T0 + 3_600_000);
  });

  it('expires_in 0 expires at obtainedAt', () => {
    expect(toTokenSet({ access_token: 'at', token_type: 'bearer', expires_in: 0 }, T0, '').expiresAt).toBe(T0);
  });

  it('has no expiry when expires_in is missing or not a finite number', () => {
    for (const expires_in of [undefined, '60', Number.POSITIVE_INFINITY, Number.NaN]) {
      const token = toTokenSet({ access_token: 'at', token_type: 'bearer', expires_in }, T0, '');
      expect(token.expires_in).toBeUndefined();
      expect(token.expiresAt).toBeUndefined();
    }
  });

  it('keeps the server’s scope, even an empty one, with scopeFromServer true', () => {
    expect(toTokenSet({ access_token: 'at', token_type: 'bearer', scope: 'read' }, T0, 'read write')).toMatchObject({ scope: 'read', scopeFromServer: true });
    expect(toTokenSet({ access_token: 'at', token_type: 'bearer', scope: '' }, T0, 'read write')).toMatchObject({ scope: '', scopeFromServer: true });
  });

  it('falls back to the trimmed requested scope with scopeFromServer false (RFC 6749 §3.3)', () => {
    const token = toTokenSet({ access_token: 'at', token_type: 'bearer' }, T0, '  read write ');
    expect(token.scope).toBe('read write');
    expect(token.scopeFromServer).toBe(false);
  });

  it('has no scope when neither the server nor the request gave one', () => {
    const token = toTokenSet({ access_token: 'at', token_type: 'bearer' }, T0, '   ');
    expect('scope' in token).toBe(false);
    expect(token.scopeFromServer).toBe(false);
  });

  it('lower-cases token_type, keeps refresh and id tokens, and puts every other field in extra', () => {
    const token = toTokenSet(
      { access_token: 'at', token_type: 'DPoP', refresh_token: 'rt', id_token: 'it', issued_token_type: 'urn:x', nested: { a: 1 } },
      T0,
      '',
    );
    expect(token).toEqual({
      access_token: 'at',
      token_type: 'dpop',
      refresh_token: 'rt',
      id_token: 'it',
      scopeFromServer: false,
      obtainedAt: T0,
      extra: { issued_token_type: 'urn:x', nested: { a: 1 } },
    });
  });

  it('ignores refresh_token and id_token that are not strings', () => {
    const token = toTokenSet({ access_token: 'at', token_type: 'bearer', refresh_token: 5, id_token: null }, T0, '');
    expect('refresh_token' in token).toBe(false);
    expect('id_token' in token).toBe(false);
  });

  it('throws a TypeError when access_token or token_type is not a string', () => {
    expect(() => toTokenSet({ token_type: 'bearer' }, T0, '')).toThrow(TypeError);
    expect(() => toTokenSet({ access_token: 'at' }, T0, '')).toThrow(TypeError);
    expect(() => toTokenSet({ access_token: 1, token_type: 'bearer' }, T0, '')).toThrow(TypeError);
  });
});

describe('secondsLeft', () => {
  it('is whole seconds until expiry, negative once expired, undefined when unknown', () => {
    expect(secondsLeft({ expiresAt: T0 + 90_500 }, T0)).toBe(90);
    expect(secondsLeft({ expiresAt: T0 }, T0)).toBe(0);
    expect(secondsLeft({ expiresAt: T0 - 1500 }, T0)).toBe(-2);
    expect(secondsLeft({}, T0)).toBeUndefined();
  });
});
