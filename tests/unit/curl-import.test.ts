/**
 * Issue 16: a curl command pasted into `Import from text`. The samples are written in the shapes
 * vendors' docs print (Nexar, Clazar, Close, Auth0, GitHub) and terminals keep (continuations,
 * quotes, `$'…'`, Windows `^`); malformed and hostile text is refused with a clear message.
 */
import { describe, expect, it } from 'vitest';
import { parseCurl } from '../../src/lib/config/import/curl';
import { importFromText } from '../../src/lib/config/import/index';
import { shellWords } from '../../src/lib/config/import/shell-words';

describe('shellWords', () => {
  it('splits like a shell: quotes, escapes, continuations, $\'…\', cmd.exe ^', () => {
    expect(shellWords(`curl -H 'a: b c' "x \\"y\\" \\$HOME" plain\\ word \\\n  --next`)).toEqual(['curl', '-H', 'a: b c', 'x "y" $HOME', 'plain word', '--next']);
    expect(shellWords(`curl $'line\\none' 'it'"'"'s'`)).toEqual(['curl', 'line\none', "it's"]);
    expect(shellWords('curl ^\r\n  -X POST ^\n  https://x')).toEqual(['curl', '-X', 'POST', 'https://x']);
  });

  it('refuses an unclosed quote', () => {
    expect(() => shellWords(`curl -d 'grant_type=client_credentials`)).toThrow(/unclosed ' quote/);
  });
});

describe('parseCurl', () => {
  it('reads method, URL, headers, data joined with &, -u, and lists what it ignored', () => {
    const request = parseCurl(`curl -sSL --compressed -X post 'https://api.example.com/items?x=1' -H 'Accept: application/json' -d a=1 --data-urlencode 'q=hello world' -u 'me:pa:ss' -k`);
    expect(request).toEqual({
      method: 'POST',
      url: 'https://api.example.com/items?x=1',
      headers: [['Accept', 'application/json']],
      body: 'a=1&q=hello%20world',
      user: { name: 'me', password: 'pa:ss' },
      ignored: ['-sSL', '--compressed', '-k'],
    });
  });

  it('handles attached values, --opt=value, --json, -G and a bare host', () => {
    expect(parseCurl(`curl -XPUT -H'X-A: 1' --header=X-B:2 example.com/v1`)).toMatchObject({ method: 'PUT', url: 'https://example.com/v1', headers: [['X-A', '1'], ['X-B', '2']] });
    expect(parseCurl(`curl --json '{"a":1}' https://x.example`)).toMatchObject({ method: 'POST', body: '{"a":1}', headers: [['Content-Type', 'application/json'], ['Accept', 'application/json']] });
    expect(parseCurl(`curl -G -d q=1 -d r=2 https://x.example/s`)).toMatchObject({ method: 'GET', url: 'https://x.example/s?q=1&r=2', body: undefined });
  });

  it.each([
    ['not curl', 'wget https://example.com', /not a curl command/],
    ['no URL', 'curl -X POST', /has no URL/],
    ['an option without its value', 'curl https://x.example -H', /-H needs a value/],
  ])('refuses %s', (_, text, message) => {
    expect(() => parseCurl(text)).toThrow(message);
  });
});

describe('importFromText: a token request fills the OAuth settings', () => {
  it('Nexar-style client credentials with the secret in the form (client_secret_post)', () => {
    const { auth, filled } = importFromText(`curl --request POST \\
  --url https://identity.nexar.com/connect/token \\
  --header 'content-type: application/x-www-form-urlencoded' \\
  --data grant_type=client_credentials \\
  --data client_id=my-client \\
  --data client_secret=my-secret \\
  --data scope=supply.domain`);
    expect(auth.authType).toBe('oauth2');
    expect(auth.oauth2).toMatchObject({ grantType: 'client_credentials', tokenUrl: 'https://identity.nexar.com/connect/token', clientId: 'my-client', clientSecret: 'my-secret', clientAuth: 'client_secret_post', scope: 'supply.domain', extraParams: [], extraHeaders: [] });
    expect(filled).toEqual(['Auth type', 'Token URL', 'Grant type', 'Client ID', 'Client secret', 'Client authentication', 'Scope']);
  });

  it('curl -u sends the values as typed: Basic encoding as typed when form-encoding would change them', () => {
    const { auth, filled } = importFromText(`curl -u 'peer-client:s3cr3t+/=' -d grant_type=client_credentials -d audience=https://api.example.com/ https://auth.example.com/oauth/token`);
    expect(auth.oauth2).toMatchObject({ clientId: 'peer-client', clientSecret: 's3cr3t+/=', clientAuth: 'client_secret_basic', basicEncoding: 'as_typed', extraParams: [{ key: 'audience', value: 'https://api.example.com/' }] });
    expect(filled).toContain('Basic encoding');
    expect(importFromText(`curl -u abc:def -d grant_type=client_credentials https://a.example/token`).auth.oauth2.basicEncoding).toBe('form_encoded');
  });

  it('an Authorization: Basic header is read back, form-encoded halves decoded', () => {
    const header = `Basic ${btoa('my%2Dclient:p%40ss')}`;
    const { auth } = importFromText(`curl -H 'Authorization: ${header}' -d 'grant_type=client_credentials&scope=read' https://a.example/token`);
    expect(auth.oauth2).toMatchObject({ clientId: 'my-client', clientSecret: 'p@ss', clientAuth: 'client_secret_basic', basicEncoding: 'form_encoded', scope: 'read' });
  });

  it('Clazar-style JSON client credentials: Client authentication json_body', () => {
    const { auth } = importFromText(`curl -X POST https://api.clazar.io/authenticate/ -H 'Content-Type: application/json' -d '{"client_id": "cid", "client_secret": "csecret"}'`);
    expect(auth.oauth2).toMatchObject({ tokenUrl: 'https://api.clazar.io/authenticate/', clientId: 'cid', clientSecret: 'csecret', clientAuth: 'json_body', grantType: 'client_credentials' });
  });

  it('the password grant, the flow’s own parameters ignored, other headers as extras', () => {
    const { auth, ignored } = importFromText(`curl https://a.example/token -H 'X-Tenant: t1' -d grant_type=password -d username=ann -d password=pw -d client_id=app -d redirect_uri=https://app.example/cb`);
    expect(auth.oauth2).toMatchObject({ grantType: 'password', username: 'ann', password: 'pw', clientId: 'app', clientAuth: 'none', extraHeaders: [{ key: 'X-Tenant', value: 't1' }] });
    expect(ignored).toContain('redirect_uri: the flow gets its own');
  });

  it('a grant type it does not run is said, not silently changed', () => {
    const { ignored } = importFromText(`curl -d grant_type=urn:example:custom -d client_id=a -d client_secret=b https://a.example/token`);
    expect(ignored[0]).toMatch(/grant_type=urn:example:custom: not a grant this playground runs/);
  });
});

describe('importFromText: any other request fills the test request', () => {
  it('a Bearer header becomes the Bearer auth type; the other headers and the body stay', () => {
    const { auth, testRequest } = importFromText(`curl -X POST https://api.github.com/repos/o/r/issues -H 'Authorization: Bearer ghp_abc' -H 'Accept: application/vnd.github+json' -d '{"title":"x"}'`);
    expect(auth).toMatchObject({ authType: 'bearer', bearer: { token: 'ghp_abc' } });
    expect(testRequest).toMatchObject({ method: 'POST', url: 'https://api.github.com/repos/o/r/issues', headers: [{ key: 'Accept', value: 'application/vnd.github+json' }], body: '{"title":"x"}' });
  });

  it('Close-style -u key: becomes Basic with the key as user name and an empty password', () => {
    const { auth, testRequest } = importFromText(`curl -u api_key123: https://api.close.com/api/v1/me/`);
    expect(auth).toMatchObject({ authType: 'basic', basic: { username: 'api_key123', password: '' } });
    expect(testRequest).toMatchObject({ method: 'GET', url: 'https://api.close.com/api/v1/me/', headers: [] });
  });

  it('an API key header becomes the API key auth type', () => {
    const { auth, testRequest } = importFromText(`curl https://api.example.com/v1/things -H 'X-API-Key: k-123'`);
    expect(auth).toMatchObject({ authType: 'api_key', apiKey: { placement: 'header', name: 'X-API-Key', value: 'k-123' } });
    expect(testRequest.headers).toEqual([]);
  });
});

describe('importFromText refuses what it cannot read, changing nothing', () => {
  it.each([
    ['empty text', '  ', /nothing to import/],
    ['a JSON document', '{"openapi":"3.1.0"}', /neither a curl command nor an OpenAPI document/],
    ['a huge paste', `curl https://x.example -d ${'a'.repeat(600 * 1024)}`, /over 512 KiB/],
    ['unbalanced quotes', `curl 'https://x.example`, /unclosed/],
  ])('%s', (_, text, message) => {
    expect(() => importFromText(text)).toThrow(message);
    expect(() => importFromText(text)).toThrow(/Nothing was changed/);
  });
});
