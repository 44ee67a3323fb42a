import { describe, expect, it } from 'vitest';
import { isLoopbackUrl, mayUseInsecureHttp } from '../../src/lib/http/insecure';

describe('isLoopbackUrl', () => {
  it.each([
    'http://localhost/token',
    'http://LOCALHOST:8080/',
    'http://127.0.0.1:9090/token',
    'http://127.10.20.30/',
    'http://[::1]:3000/',
    'http://app.localhost/',
    'https://localhost/',
    new URL('http://127.0.0.1/'),
  ])('%s is loopback', (url) => {
    expect(isLoopbackUrl(url)).toBe(true);
  });

  it.each([
    'http://auth.example.com/',
    'http://localhost.example.com/',
    'http://127.0.0.1.nip.io/',
    'http://10.0.0.1/',
    'http://[::2]/',
    'http://mylocalhost/',
    'not a url',
    '',
  ])('%s is not loopback', (url) => {
    expect(isLoopbackUrl(url)).toBe(false);
  });
});

describe('mayUseInsecureHttp', () => {
  it('allows loopback always, other hosts only with the user’s opt-in', () => {
    expect(mayUseInsecureHttp('http://127.0.0.1:9090/token', false)).toBe(true);
    expect(mayUseInsecureHttp('http://auth.example.com/token', false)).toBe(false);
    expect(mayUseInsecureHttp('http://auth.example.com/token', true)).toBe(true);
    expect(mayUseInsecureHttp(new URL('http://auth.example.com/token'), true)).toBe(true);
  });
});
