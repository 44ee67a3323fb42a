import { describe, expect, it } from 'vitest';
import { CALLBACK_PARAMETERS, callbackParameters, withoutCallbackParameters } from '../../src/lib/oauth/callback';

const entries = (params: URLSearchParams | null) => (params ? [...params] : null);

describe('callbackParameters', () => {
  it('reads a code response from the query', () => {
    const url = new URL('https://app.example.com/?code=c-1&state=s-1&iss=https%3A%2F%2Fauth.example.com');
    expect(entries(callbackParameters(url))).toEqual([
      ['code', 'c-1'],
      ['state', 's-1'],
      ['iss', 'https://auth.example.com'],
    ]);
  });

  it('reads an error response from the query', () => {
    const url = new URL('https://app.example.com/cb?error=access_denied&error_description=User+said+no&state=s-1');
    expect(entries(callbackParameters(url))).toEqual([
      ['error', 'access_denied'],
      ['error_description', 'User said no'],
      ['state', 's-1'],
    ]);
  });

  it('reads a response from the fragment (response_mode=fragment)', () => {
    const url = new URL('https://app.example.com/app?tab=token#code=c-2&state=s-2');
    expect(entries(callbackParameters(url))).toEqual([
      ['code', 'c-2'],
      ['state', 's-2'],
    ]);
  });

  it('prefers the query when both hold a response', () => {
    const url = new URL('https://app.example.com/?code=from-query&state=q#code=from-fragment&state=f');
    expect(callbackParameters(url)?.get('code')).toBe('from-query');
  });

  it.each([
    ['a plain page', 'https://app.example.com/'],
    ['unrelated query and fragment', 'https://app.example.com/?tab=2#section'],
    ['a code without state', 'https://app.example.com/?code=c-1'],
    ['a state without code or error', 'https://app.example.com/?state=s-1'],
    ['an error without state', 'https://app.example.com/?error=access_denied'],
    ['a fragment code without state', 'https://app.example.com/#code=c-1'],
    ['code in the query, state in the fragment', 'https://app.example.com/?code=c-1#state=s-1'],
  ])('is null for %s', (_, href) => {
    expect(callbackParameters(new URL(href))).toBeNull();
  });
});

describe('withoutCallbackParameters', () => {
  it('lists the response parameters it removes', () => {
    expect([...CALLBACK_PARAMETERS]).toEqual(['code', 'state', 'iss', 'error', 'error_description', 'error_uri', 'session_state']);
  });

  it('removes every response parameter from the query and keeps the others, in order', () => {
    const url = new URL(
      'https://app.example.com/app/?tab=token&code=c&state=s&iss=https%3A%2F%2Fa&error=e&error_description=d&error_uri=u&session_state=ss&preset=local-demo#section-2',
    );
    expect(withoutCallbackParameters(url).href).toBe('https://app.example.com/app/?tab=token&preset=local-demo#section-2');
  });

  it('removes a response carried in the fragment', () => {
    const url = new URL('https://app.example.com/?tab=token#code=c&state=s&session_state=x');
    expect(withoutCallbackParameters(url).href).toBe('https://app.example.com/?tab=token');
  });

  it('removes an error response carried in the fragment', () => {
    const url = new URL('https://app.example.com/#error=access_denied&error_description=no&state=s');
    expect(withoutCallbackParameters(url).href).toBe('https://app.example.com/');
  });

  it('leaves a URL without response parameters as it was', () => {
    const href = 'https://app.example.com/app/?tab=token&x=1#section-2';
    expect(withoutCallbackParameters(new URL(href)).href).toBe(href);
  });

  it('does not change the URL it was given', () => {
    const url = new URL('https://app.example.com/?code=c&state=s');
    withoutCallbackParameters(url);
    expect(url.href).toBe('https://app.example.com/?code=c&state=s');
  });
});
