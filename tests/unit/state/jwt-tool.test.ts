import { beforeAll, describe, expect, it } from 'vitest';
import { JwtTool } from '../../../src/lib/state/jwt-tool.svelte';
import { NOW, cannedFetch, contextWith, jsonResponse, respond } from '../support/canned-fetch';
import { publicJwk, rsaKey, signJwt, type TestKey } from '../support/webcrypto-jwt';

const ISSUER = 'https://op.example.com';
const JWKS_URL = `${ISSUER}/jwks`;
let key: TestKey;
let token: string;
beforeAll(async () => {
  key = await rsaKey('k-1');
  token = await signJwt(key, { iss: ISSUER, aud: 'api', iat: NOW / 1000, exp: NOW / 1000 + 300 });
});

function toolWithServer() {
  const fetch = cannedFetch((request) => {
    if (request.url === `${ISSUER}/.well-known/openid-configuration`) return jsonResponse({ issuer: ISSUER, jwks_uri: JWKS_URL });
    if (request.url === JWKS_URL) return jsonResponse({ keys: [publicJwk(key)] });
    return respond('not found', 404);
  });
  return { fetch, tool: new JwtTool({ context: async () => contextWith(fetch) }) };
}

describe('JwtTool', () => {
  it('open: the token pasted in, the issuer from the settings, or else from the token’s iss', () => {
    const { tool } = toolWithServer();
    tool.open(token, { issuer: 'https://configured.example.com' });
    expect(tool.token).toBe(token);
    expect(tool.issuer).toBe('https://configured.example.com');
    const other = toolWithServer().tool;
    other.open(token, { issuer: '' });
    expect(other.issuer).toBe(ISSUER);
  });

  it('verify: a report for the token; editing the token hides it (it was for the other one)', async () => {
    const { tool } = toolWithServer();
    tool.open(token);
    await tool.verify();
    expect(tool.report?.valid).toBe(true);
    tool.token = `${token}x`;
    expect(tool.report).toBeNull();
  });

  it('the JWKS is kept while the tool is open: a second verify fetches only discovery', async () => {
    const { tool, fetch } = toolWithServer();
    tool.open(token);
    await tool.verify();
    await tool.verify();
    expect(fetch.calls.filter((call) => call.url === JWKS_URL)).toHaveLength(1);
  });

  it('an opaque token: the error says it is not a JWT, no report', async () => {
    const { tool, fetch } = toolWithServer();
    tool.open('opaque-token', { issuer: ISSUER });
    await tool.verify();
    expect(tool.report).toBeNull();
    expect(tool.error).toMatchObject({ kind: 'input', code: 'not_a_jwt' });
    expect(fetch.calls).toEqual([]);
  });
});
