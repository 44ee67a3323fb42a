import { describe, expect, it } from 'vitest';
import { categorizeAddress, checkAddress, checkTargetUrl, isLoopbackHost } from '../../proxy/target-check.js';
import { createCheckedLookup, type LookupFunction } from '../../proxy/server.js';

describe('categorizeAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['172.15.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.255', 'private'],
    ['100.128.0.1', 'public'],
    ['169.254.169.254', 'link-local'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['ff02::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
  ])('%s is %s', (ip, category) => {
    expect(categorizeAddress(ip)).toBe(category);
  });

  it('is null for what is not an IP address', () => {
    for (const text of ['example.com', '1.2.3', '1.2.3.256', '::1::2', 'fe80:::1', '1:2:3:4:5:6:7:8:9', '']) expect(categorizeAddress(text)).toBeNull();
  });
});

describe('checkAddress', () => {
  it('allows public addresses, loopback and private ones only when told, never link-local or unspecified', () => {
    expect(checkAddress('93.184.216.34', {})).toEqual({ ok: true });
    expect(checkAddress('127.0.0.1', {})).toMatchObject({ ok: false, description: expect.stringContaining('--allow-loopback') });
    expect(checkAddress('127.0.0.1', { allowLoopback: true })).toEqual({ ok: true });
    expect(checkAddress('10.0.0.1', { allowLoopback: true })).toMatchObject({ ok: false, description: expect.stringContaining('--allow-private') });
    expect(checkAddress('10.0.0.1', { allowPrivate: true })).toEqual({ ok: true });
    const everything = { allowLoopback: true, allowPrivate: true };
    expect(checkAddress('169.254.169.254', everything)).toMatchObject({ ok: false, description: expect.stringContaining('link-local') });
    expect(checkAddress('0.0.0.0', everything)).toMatchObject({ ok: false, description: expect.stringContaining('unspecified') });
    expect(checkAddress('::ffff:169.254.169.254', everything).ok).toBe(false);
  });
});

describe('isLoopbackHost', () => {
  it('names this machine for localhost, *.localhost, 127/8 and [::1]', () => {
    for (const host of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'localhost.']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['example.com', 'localhost.example.com', '10.0.0.1', '[fe80::1]']) expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('checkTargetUrl', () => {
  const refused = (target: string | undefined, policy = {}) => checkTargetUrl(target, policy);

  it('accepts https URLs to public hosts', () => {
    const result = checkTargetUrl('https://github.com/login/oauth/access_token', {});
    expect(result).toMatchObject({ ok: true, host: 'github.com' });
  });

  it('refuses a missing or relative target with 400', () => {
    expect(refused(undefined)).toMatchObject({ ok: false, status: 400, code: 'missing_target' });
    expect(refused('/token')).toMatchObject({ ok: false, status: 400, code: 'invalid_target' });
  });

  it('refuses other schemes, plain http to non-loopback hosts, and credentials in the URL', () => {
    expect(refused('ftp://example.com/')).toMatchObject({ status: 403, code: 'target_forbidden' });
    expect(refused('file:///etc/passwd')).toMatchObject({ status: 403, code: 'target_forbidden' });
    expect(refused('http://example.com/token')).toMatchObject({ status: 403, code: 'target_forbidden', description: expect.stringContaining('https') });
    expect(refused('https://user:pass@example.com/')).toMatchObject({ status: 403, code: 'target_forbidden' });
  });

  it('refuses private-network and link-local IP literals, in every spelling the URL parser accepts', () => {
    for (const target of ['https://10.0.0.1/', 'https://192.168.1.1/', 'https://172.20.0.5:8443/x', 'https://100.64.1.1/', 'https://[fd00::1]/', 'https://[::ffff:10.0.0.1]/']) {
      expect(refused(target), target).toMatchObject({ ok: false, status: 403, code: 'target_forbidden', description: expect.stringContaining('private') });
    }
    for (const target of ['https://169.254.169.254/latest/meta-data/', 'http://169.254.169.254/', 'https://[fe80::1]/', 'https://0.0.0.0/', 'https://0x7f000001/', 'https://2130706433/']) {
      expect(refused(target, { allowPrivate: true }), target).toMatchObject({ ok: false, status: 403, code: 'target_forbidden' });
    }
  });

  it('refuses loopback targets unless allowed, and then allows plain http to them', () => {
    expect(refused('http://127.0.0.1:9090/token')).toMatchObject({ code: 'target_forbidden', description: expect.stringContaining('--allow-loopback') });
    expect(refused('https://localhost/')).toMatchObject({ code: 'target_forbidden' });
    expect(refused('https://[::1]/')).toMatchObject({ code: 'target_forbidden' });
    expect(checkTargetUrl('http://127.0.0.1:9090/token', { allowLoopback: true })).toMatchObject({ ok: true });
    expect(checkTargetUrl('http://localhost:9090/token', { allowLoopback: true })).toMatchObject({ ok: true });
  });

  it('allows private-network literals with allowPrivate, over https only', () => {
    expect(checkTargetUrl('https://10.0.0.1/', { allowPrivate: true })).toMatchObject({ ok: true });
    expect(refused('http://10.0.0.1/', { allowPrivate: true })).toMatchObject({ code: 'target_forbidden' });
  });
});

describe('createCheckedLookup', () => {
  /** A resolver answering from a fixed table, as dns.lookup with `all: true` would. */
  function fakeDns(table: Record<string, string[]>): LookupFunction {
    return (hostname, options, callback) => {
      expect(options.all).toBe(true);
      const addresses = table[hostname];
      if (!addresses) return callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);
      callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    };
  }
  const resolve = (lookup: LookupFunction, host: string, all: boolean) =>
    new Promise<{ error: (Error & { code?: string }) | null; address: unknown; family?: number }>((done) =>
      lookup(host, { all }, (error, address, family) => done({ error, address, family })),
    );
  const dns = fakeDns({
    'api.example.com': ['93.184.216.34'],
    'internal.example.com': ['10.1.2.3'],
    'rebind.example.com': ['127.0.0.1'],
    'metadata.example.com': ['169.254.169.254'],
    'mixed.example.com': ['10.0.0.7', '93.184.216.34'],
  });

  it('hands the connection the checked public address', async () => {
    expect(await resolve(createCheckedLookup({}, dns), 'api.example.com', false)).toEqual({ error: null, address: '93.184.216.34', family: 4 });
    expect(await resolve(createCheckedLookup({}, dns), 'api.example.com', true)).toMatchObject({ address: [{ address: '93.184.216.34', family: 4 }] });
  });

  it('fails with ETARGETFORBIDDEN when a name resolves to a private, loopback or link-local address', async () => {
    const lookup = createCheckedLookup({}, dns);
    for (const host of ['internal.example.com', 'rebind.example.com', 'metadata.example.com']) {
      const { error } = await resolve(lookup, host, false);
      expect(error?.code, host).toBe('ETARGETFORBIDDEN');
      expect(error?.message).toContain(host);
    }
    expect((await resolve(createCheckedLookup({ allowLoopback: true }, dns), 'rebind.example.com', false)).address).toBe('127.0.0.1');
  });

  it('keeps only the allowed addresses of a name with several', async () => {
    expect(await resolve(createCheckedLookup({}, dns), 'mixed.example.com', true)).toMatchObject({ address: [{ address: '93.184.216.34' }] });
  });

  it('passes DNS failures through', async () => {
    expect((await resolve(createCheckedLookup({}, dns), 'nowhere.example.com', false)).error?.code).toBe('ENOTFOUND');
  });
});
