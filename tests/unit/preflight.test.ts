import { describe, expect, it } from 'vitest';
import { corsError, urlForDisplay } from '../../src/lib/http/cors-error';
import { explainPreflight } from '../../src/lib/http/preflight';

describe('explainPreflight', () => {
  it('needs none for a form POST with safelisted headers (what client_secret_post sends)', () => {
    expect(explainPreflight('POST', [['accept', 'application/json'], ['content-type', 'application/x-www-form-urlencoded;charset=UTF-8']])).toEqual({ needed: false, reasons: [] });
    expect(explainPreflight('get', [])).toEqual({ needed: false, reasons: [] });
    expect(explainPreflight('POST', [['content-type', 'text/plain'], ['accept-language', 'en-GB, fr;q=0.5'], ['range', 'bytes=0-99']]).needed).toBe(false);
  });

  it('names the Authorization and DPoP headers (client_secret_basic, DPoP proofs)', () => {
    expect(explainPreflight('POST', [['authorization', 'Basic eA=='], ['content-type', 'application/x-www-form-urlencoded']])).toEqual({
      needed: true,
      reasons: ['the Authorization header is not CORS-safelisted'],
    });
    expect(explainPreflight('GET', [['DPoP', 'ey…'], ['x-api-key', 'k']]).reasons).toEqual([
      'the DPoP header is not CORS-safelisted',
      'the X-Api-Key header is not CORS-safelisted',
    ]);
  });

  it('names a non-simple method and a JSON content type', () => {
    expect(explainPreflight('PUT', [['content-type', 'application/json']]).reasons).toEqual([
      'the method PUT is not GET, HEAD or POST',
      'Content-Type application/json is not form, text or multipart',
    ]);
  });

  it('names safelisted headers whose values need a preflight', () => {
    expect(explainPreflight('GET', [['accept', 'x'.repeat(129)]]).reasons).toEqual(['the Accept header is longer than 128 bytes']);
    expect(explainPreflight('GET', [['accept', 'text/html; q="1"']]).reasons).toEqual(['the Accept header holds characters that need a preflight']);
    expect(explainPreflight('GET', [['range', 'bytes=0-1,5-9']]).reasons).toEqual(['the Range header is not a simple byte range']);
    const long = Array.from({ length: 9 }, () => ['accept', 'a'.repeat(120)] as [string, string]);
    expect(explainPreflight('GET', long).reasons).toEqual(['the safelisted headers together are longer than 1024 bytes']);
  });
});

describe('corsError', () => {
  const request = (method: string, headers: [string, string][]) => ({ method, url: 'https://github.com/login/oauth/access_token?client_id=x&client_secret=y', headers, body: null });

  it('names the blocked URL without its query, says the browser refused, gives the preflight reason and the three ways out', () => {
    const error = corsError(request('POST', [['authorization', 'Basic eA==']]), new TypeError('Failed to fetch'));
    expect(error).toMatchObject({ kind: 'cors', code: 'cors_blocked' });
    expect(error.message).toContain('https://github.com/login/oauth/access_token?…');
    expect(error.message).not.toContain('client_secret');
    expect(error.message).toContain('It was the browser that refused to show the response, not the server.');
    expect(error.message).toContain('A CORS preflight was needed because the Authorization header is not CORS-safelisted');
    expect(error.hint).toContain('Ask the provider to allow this origin');
    expect(error.hint).toContain('Send through local proxy');
    expect(error.hint).toContain('npm run proxy');
    expect(error.hint).toContain('Copy the request as curl');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('says when no preflight was needed, so the request reached the server', () => {
    const error = corsError(request('POST', [['content-type', 'application/x-www-form-urlencoded']]), undefined);
    expect(error.message).toContain('No preflight was needed (a simple POST request): the request reached the server');
  });

  it('joins several reasons into one sentence', () => {
    expect(corsError(request('DELETE', [['authorization', 'x'], ['dpop', 'y']]), undefined).message).toContain(
      'because the method DELETE is not GET, HEAD or POST, the Authorization header is not CORS-safelisted and the DPoP header is not CORS-safelisted',
    );
  });

  it('urlForDisplay drops the query string only', () => {
    expect(urlForDisplay('http://127.0.0.1:9090/no-cors/token')).toBe('http://127.0.0.1:9090/no-cors/token');
    expect(urlForDisplay('https://api.example.com/v1?api_key=k#f')).toBe('https://api.example.com/v1?…');
  });
});
