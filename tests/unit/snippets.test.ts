import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formUrlEncode } from '../../src/lib/http/basic-credentials';
import { curlCommand } from '../../src/lib/http/curl';
import { envName, shellQuote, snippetFor, type SnippetRequest } from '../../src/lib/http/snippets';

const HOSTILE = `it's "quoted" $HOME \`id\` $(echo pwned) \\ back\nnew line ü`;
const SECRET = 'sec$ret\'"`!';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const tokenRequest: SnippetRequest = {
  method: 'POST',
  url: `https://as.example/token?tenant=${encodeURIComponent(HOSTILE)}`,
  headers: [
    ['content-type', 'application/x-www-form-urlencoded;charset=UTF-8'],
    ['authorization', basic('client-1', SECRET)],
    ['x-note', HOSTILE],
  ],
  body: new URLSearchParams([['grant_type', 'authorization_code'], ['code', 'the-code-1234'], ['code_verifier', 'verifier-5678'], ['note', HOSTILE]]).toString(),
};

const { FORCE_COLOR: _, ...baseEnv } = process.env;

/** Runs a curl snippet with `curl` replaced by a shell function printing its arguments. */
function curlArgs(code: string, env: Record<string, string> = {}): string[] {
  const out = execFileSync('sh', ['-c', `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${code}`], { env: { ...baseEnv, ...env }, encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('curl', () => {
  it('quotes hostile values so the shell passes them through exactly, secrets from the environment', () => {
    const { code, env } = snippetFor(tokenRequest, 'curl', { secrets: [{ name: 'CLIENT_SECRET', value: SECRET }] });
    expect(code).not.toContain(SECRET);
    expect(env).toEqual(['CLIENT_SECRET', 'CODE', 'CODE_VERIFIER']);
    const args = curlArgs(code, { CLIENT_SECRET: SECRET, CODE: 'c', CODE_VERIFIER: 'v' });
    expect(args).toEqual([
      '-X',
      'POST',
      new URL(tokenRequest.url).href,
      '-H',
      'content-type: application/x-www-form-urlencoded;charset=UTF-8',
      '-H',
      `x-note: ${HOSTILE}`,
      '-u',
      `client-1:${SECRET}`,
      '--data-urlencode',
      'grant_type=authorization_code',
      '--data-urlencode',
      'code=c',
      '--data-urlencode',
      'code_verifier=v',
      '--data-urlencode',
      `note=${HOSTILE}`,
    ]);
  });

  it('puts the real values in when asked to', () => {
    const { code, env } = snippetFor(tokenRequest, 'curl', { secrets: [{ name: 'CLIENT_SECRET', value: SECRET }], reveal: true });
    expect(env).toEqual([]);
    const args = curlArgs(code);
    expect(args).toContain(`client-1:${SECRET}`);
    expect(args).toContain('code=the-code-1234');
  });

  it('replaces a known secret wherever it appears, and bearer tokens by ACCESS_TOKEN', () => {
    const request: SnippetRequest = {
      method: 'GET',
      url: 'https://api.example/me?api_key=k-123456&q=1',
      headers: [['authorization', 'Bearer tok-abcdef'], ['dpop', 'eyJproof'], ['x-trace', 'pre-tok-abcdef-post']],
      body: null,
    };
    const { code } = snippetFor(request, 'curl', { secrets: [{ name: 'ACCESS_TOKEN', value: 'tok-abcdef' }] });
    expect(code).not.toMatch(/tok-abcdef|eyJproof|k-123456/);
    const args = curlArgs(code, { ACCESS_TOKEN: 'T', DPOP_PROOF: 'P', API_KEY: 'K' });
    expect(args).toEqual(['https://api.example/me?api_key=K&q=1', '-H', 'authorization: Bearer T', '-H', 'dpop: P', '-H', 'x-trace: pre-T-post']);
  });

  it('sends a JSON body with the secret spliced in from the environment', () => {
    const request: SnippetRequest = {
      method: 'POST',
      url: 'https://api.clazar.io/authenticate/',
      headers: [['content-type', 'application/json']],
      body: JSON.stringify({ client_id: 'id-1', client_secret: 'shh-secret', n: 1, nested: { ok: true, list: [null] } }),
    };
    const { code } = snippetFor(request, 'curl');
    expect(code).not.toContain('shh-secret');
    const args = curlArgs(code, { CLIENT_SECRET: 'from-env' });
    expect(JSON.parse(args[args.length - 1]!)).toEqual({ client_id: 'id-1', client_secret: 'from-env', n: 1, nested: { ok: true, list: [null] } });
  });

  it('shellQuote survives single quotes', () => {
    expect(curlArgs(`curl ${shellQuote("a'b''c")}`)).toEqual(["a'b''c"]);
  });
});

describe('Python (requests)', () => {
  it('builds a call requests receives exactly, secrets from os.environ', () => {
    const dir = mkdtempSync(join(tmpdir(), 'snippet-py-'));
    writeFileSync(
      join(dir, 'requests.py'),
      'import json\nclass R:\n    status_code = 0\ndef request(method, url, **kw):\n    r = R()\n    r.text = json.dumps({"method": method, "url": url, **kw})\n    return r\n',
    );
    const { code } = snippetFor(tokenRequest, 'python', { secrets: [{ name: 'CLIENT_SECRET', value: SECRET }] });
    expect(code).not.toContain(SECRET);
    expect(code).toContain('os.environ["CLIENT_SECRET"]');
    const out = execFileSync('python3', ['-c', code], { env: { ...baseEnv, PYTHONPATH: dir, CLIENT_SECRET: SECRET, CODE: 'c', CODE_VERIFIER: 'v' }, encoding: 'utf8' });
    const sent = JSON.parse(out.slice(out.indexOf(' ') + 1)) as Record<string, unknown>;
    expect(sent).toEqual({
      method: 'POST',
      url: new URL(tokenRequest.url).href,
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', 'x-note': HOSTILE },
      data: [['grant_type', 'authorization_code'], ['code', 'c'], ['code_verifier', 'v'], ['note', HOSTILE]],
      auth: ['client-1', SECRET],
    });
  });
});

describe('JavaScript (fetch)', () => {
  it('builds a fetch call that sends the same request, secrets from process.env', () => {
    const stub = `globalThis.fetch = async (url, init) => ({ status: 0, text: async () => JSON.stringify({ url, method: init.method, headers: init.headers, body: String(init.body) }) });`;
    const { code } = snippetFor(tokenRequest, 'javascript', { secrets: [{ name: 'CLIENT_SECRET', value: SECRET }] });
    expect(code).not.toContain(SECRET);
    const out = execFileSync('node', ['--import', `data:text/javascript,${encodeURIComponent(stub)}`, '--input-type=module', '-e', code], {
      env: { ...baseEnv, NO_COLOR: '1', CLIENT_SECRET: SECRET, CODE: 'the-code-1234', CODE_VERIFIER: 'verifier-5678' },
      encoding: 'utf8',
    });
    const sent = JSON.parse(out.slice(out.indexOf(' ') + 1)) as { url: string; method: string; headers: Record<string, string>; body: string };
    expect(sent.url).toBe(new URL(tokenRequest.url).href);
    expect(sent.method).toBe('POST');
    expect(sent.headers).toEqual({ 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', 'x-note': HOSTILE, authorization: basic('client-1', SECRET) });
    expect(sent.body).toBe(tokenRequest.body);
  });
});

it('envName makes a valid variable name', () => {
  expect(envName('code_verifier')).toBe('CODE_VERIFIER');
  expect(envName('x-api-key')).toBe('X_API_KEY');
  expect(envName('1st')).toBe('_1ST');
});

describe('Basic credentials holding % or +, sent form-encoded (RFC 6749 §2.3.1)', () => {
  // As oauth4webapi sends them: client id and secret form-encoded, then base64.
  const formUrlEncode = (text: string) =>
    encodeURIComponent(text).replace(/(?:[-_.!~*'()]|%20)/g, (s) => (s === '%20' ? '+' : `%${s.charCodeAt(0).toString(16).toUpperCase()}`));
  const formDecode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
  const CLIENT = 'client+1%';
  const PASS = 'p%2B+q r-100%';
  const request: SnippetRequest = {
    method: 'POST',
    url: 'https://as.example/token',
    headers: [['authorization', `Basic ${Buffer.from(`${formUrlEncode(CLIENT)}:${formUrlEncode(PASS)}`).toString('base64')}`]],
    body: null,
  };
  /** What a server reading Basic credentials form-encoded gets from `user:pass`. */
  const serverReads = (credentials: string) => {
    const colon = credentials.indexOf(':');
    return [formDecode(credentials.slice(0, colon)), formDecode(credentials.slice(colon + 1))];
  };

  it('curl writes them form-encoded, the secret from the environment encoded at run time', () => {
    const { code } = snippetFor(request, 'curl', { secrets: [{ name: 'CLIENT_SECRET', value: PASS }] });
    expect(code).not.toContain(PASS);
    const args = curlArgs(code, { CLIENT_SECRET: PASS });
    expect(serverReads(args[args.indexOf('-u') + 1]!)).toEqual([CLIENT, PASS]);
    const revealed = curlArgs(snippetFor(request, 'curl', { reveal: true }).code);
    expect(serverReads(revealed[revealed.indexOf('-u') + 1]!)).toEqual([CLIENT, PASS]);
  });

  it('JavaScript and Python form-encode them at run time', () => {
    const stub = `globalThis.fetch = async (url, init) => ({ status: 0, text: async () => JSON.stringify(init.headers) });`;
    const js = snippetFor(request, 'javascript', { secrets: [{ name: 'CLIENT_SECRET', value: PASS }] }).code;
    const out = execFileSync('node', ['--import', `data:text/javascript,${encodeURIComponent(stub)}`, '--input-type=module', '-e', js], {
      env: { ...baseEnv, NO_COLOR: '1', CLIENT_SECRET: PASS },
      encoding: 'utf8',
    });
    const headers = JSON.parse(out.slice(out.indexOf(' ') + 1)) as { authorization: string };
    expect(serverReads(Buffer.from(headers.authorization.slice('Basic '.length), 'base64').toString())).toEqual([CLIENT, PASS]);

    const dir = mkdtempSync(join(tmpdir(), 'snippet-py-'));
    writeFileSync(join(dir, 'requests.py'), 'import json\nclass R:\n    status_code = 0\ndef request(method, url, **kw):\n    r = R()\n    r.text = json.dumps(kw["auth"])\n    return r\n');
    const py = snippetFor(request, 'python', { secrets: [{ name: 'CLIENT_SECRET', value: PASS }] }).code;
    const printed = execFileSync('python3', ['-c', py], { env: { ...baseEnv, PYTHONPATH: dir, CLIENT_SECRET: PASS }, encoding: 'utf8' });
    const [user, pass] = JSON.parse(printed.slice(printed.indexOf(' ') + 1)) as [string, string];
    expect(serverReads(`${user}:${pass}`)).toEqual([CLIENT, PASS]);
  });

  it('leaves the usual URL-safe credentials as they are, with no note', () => {
    const plain: SnippetRequest = { ...request, headers: [['authorization', `Basic ${Buffer.from('demo-cc:demo-cc-secret').toString('base64')}`]] };
    const { code } = snippetFor(plain, 'curl', { reveal: true });
    expect(curlArgs(code)).toEqual(['-X', 'POST', 'https://as.example/token', '-u', 'demo-cc:demo-cc-secret']);
    expect(code).toContain("-u 'demo-cc:demo-cc-secret'"); // one plain word, as people write it
    expect(snippetFor(request, 'python').code).toContain('# The client ID and secret are form-encoded before Base64, as the app sent them');
  });
});


// Regression (security review 7): snippets took secret names from exact lists, so a `Private-Token`
// header, a `key=` query parameter or a camelCase JSON key went into the snippet in clear.
describe('secret names by the one rule (looksSecretName), with no known secrets', () => {
  // Regression (issue 13, finding 7): Private-Token, X-Auth-Token and key= went into snippets in clear.
  it('finding 7: reads Private-Token, X-Auth-Token and key= from the environment', () => {
    const request: SnippetRequest = {
      method: 'GET',
      url: 'https://api.example/v1/items?key=AIzaSy-0123456789&page=2',
      headers: [['Private-Token', 'glpat-0123456789'], ['X-Auth-Token', 'xat-0123456789'], ['Accept', 'application/json']],
      body: null,
    };
    const { code, env } = snippetFor(request, 'curl');
    expect(code).not.toMatch(/AIzaSy-0123456789|glpat-0123456789|xat-0123456789/);
    expect(env).toEqual(['KEY', 'PRIVATE_TOKEN', 'X_AUTH_TOKEN']);
    expect(curlArgs(code, { KEY: 'K', PRIVATE_TOKEN: 'P', X_AUTH_TOKEN: 'X' })).toEqual([
      'https://api.example/v1/items?key=K&page=2',
      '-H',
      'Private-Token: P',
      '-H',
      'X-Auth-Token: X',
      '-H',
      'Accept: application/json',
    ]);
  });

  // Regression (issue 13, finding 7): camelCase JSON keys (accessToken, clientSecret) went into snippets in clear.
  it('finding 7: reads camelCase JSON secrets (clientSecret, accessToken) from the environment', () => {
    const request: SnippetRequest = {
      method: 'POST',
      url: 'https://api.example/login',
      headers: [['content-type', 'application/json']],
      body: JSON.stringify({ clientId: 'id-1', clientSecret: 'cs-0123456789', accessToken: 'at-0123456789', tokenType: 'Bearer' }),
    };
    const { code, env } = snippetFor(request, 'curl');
    expect(code).not.toMatch(/cs-0123456789|at-0123456789/);
    expect(env).toEqual(['CLIENT_SECRET', 'ACCESS_TOKEN']);
    const args = curlArgs(code, { CLIENT_SECRET: 'S', ACCESS_TOKEN: 'A' });
    expect(JSON.parse(args[args.length - 1]!)).toEqual({ clientId: 'id-1', clientSecret: 'S', accessToken: 'A', tokenType: 'Bearer' });
  });

  it('reads form fields whose names look secret from the environment', () => {
    const request: SnippetRequest = {
      method: 'POST',
      url: 'https://api.example/login',
      headers: [['content-type', 'application/x-www-form-urlencoded']],
      body: 'apiKey=k-0123456789&user=alice',
    };
    const { code, env } = snippetFor(request, 'curl');
    expect(code).not.toContain('k-0123456789');
    expect(env).toEqual(['API_KEY']);
  });
});

it('envName splits camelCase', () => {
  expect(envName('accessToken')).toBe('ACCESS_TOKEN');
  expect(envName('Private-Token')).toBe('PRIVATE_TOKEN');
  expect(envName('APIKey')).toBe('API_KEY');
});

// Issue 15: the page sends the client ID and secret form-encoded (the default) or as typed, and
// "Copy as curl" and the snippets must send exactly that; they used to send them decoded whatever the
// page had sent (`peer-confidential` where the page sent `peer%2Dconfidential`).
describe('Basic credentials go out exactly as the page sent them (issue 15)', () => {
  const ID = 'peer-confidential';
  const PASS = "s3cr:t+x ü%41'(*)~.";
  const headerFor = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;
  const sent = { 'form-encoded': headerFor(`${formUrlEncode(ID)}:${formUrlEncode(PASS)}`), 'as typed': headerFor(`${ID}:${PASS}`) };
  const requestWith = (authorization: string): SnippetRequest => ({ method: 'POST', url: 'https://as.example/token', headers: [['authorization', authorization]], body: null });
  const secrets = [{ name: 'CLIENT_SECRET', value: PASS }];

  for (const [how, authorization] of Object.entries(sent)) {
    it(`${how}: curl -u sends the same header, the secret read from the environment or written in`, () => {
      for (const reveal of [false, true]) {
        const { code } = snippetFor(requestWith(authorization), 'curl', { secrets, reveal });
        if (!reveal) expect(code).not.toContain(PASS);
        const args = curlArgs(code, { CLIENT_SECRET: PASS });
        // curl -u sends Basic base64 of the argument's bytes
        expect(headerFor(args[args.indexOf('-u') + 1]!), `reveal: ${reveal}`).toBe(authorization);
      }
    });

    it(`${how}: JavaScript sends the same header`, () => {
      const stub = `globalThis.fetch = async (url, init) => ({ status: 0, text: async () => JSON.stringify(init.headers) });`;
      const { code } = snippetFor(requestWith(authorization), 'javascript', { secrets });
      const out = execFileSync('node', ['--import', `data:text/javascript,${encodeURIComponent(stub)}`, '--input-type=module', '-e', code], { env: { ...baseEnv, NO_COLOR: '1', CLIENT_SECRET: PASS }, encoding: 'utf8' });
      expect((JSON.parse(out.slice(out.indexOf(' ') + 1)) as { authorization: string }).authorization).toBe(authorization);
    });

    it(`${how}: Python requests sends the same header`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'snippet-py-'));
      // what requests does with auth=(user, password): latin-1 for str, bytes as they are (requests/auth.py)
      writeFileSync(
        join(dir, 'requests.py'),
        'import base64\nclass R:\n    status_code = 0\ndef request(method, url, auth=None, **kw):\n    u, p = [x if isinstance(x, bytes) else x.encode("latin1") for x in auth]\n    r = R()\n    r.text = "Basic " + base64.b64encode(u + b":" + p).decode()\n    return r\n',
      );
      const { code } = snippetFor(requestWith(authorization), 'python', { secrets });
      const printed = execFileSync('python3', ['-c', code], { env: { ...baseEnv, PYTHONPATH: dir, CLIENT_SECRET: PASS }, encoding: 'utf8' });
      expect(printed.slice(printed.indexOf(' ') + 1).trim()).toBe(authorization);
    });
  }

  it('Copy as curl keeps the header as it was sent', () => {
    for (const authorization of Object.values(sent)) expect(curlCommand({ ...requestWith(authorization), headers: [['authorization', authorization]] })).toContain(`-H 'authorization: ${authorization}'`);
  });

  it('the demo client goes out as the page sent it: demo%2Dcc form-encoded, demo-cc as typed', () => {
    const formed = snippetFor(requestWith(headerFor('demo%2Dcc:demo%2Dcc%2Dsecret')), 'curl', { reveal: true }).code;
    expect(formed).toContain("-u 'demo%2Dcc:demo%2Dcc%2Dsecret'");
    const typed = snippetFor(requestWith(headerFor('demo-cc:demo-cc-secret')), 'curl', { reveal: true }).code;
    expect(typed).toContain("-u 'demo-cc:demo-cc-secret'");
  });
});
