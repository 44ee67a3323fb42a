import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { DEMO, getToken, openApp, signInAndApprove, basicForms } from './fixtures';
import { storedJson } from './stored';

const APP = 'http://127.0.0.1:4173/';

/** How many exchanges the draft credential's log holds in IndexedDB. */
async function storedLogLength(page: Page): Promise<number> {
  return (JSON.parse(await storedJson(page, 'log:draft')) as { entries?: unknown[] } | null)?.entries?.length ?? 0;
}

/** Discover, then a full PKCE run (redirect) against the demo provider; returns the values that must stay masked. */
async function pkceRun(page: Page): Promise<{ code: string; verifier: string; accessToken: string; refreshToken: string }> {
  await openApp(page);
  await page.getByLabel('Preset').selectOption({ label: 'Local demo: Authorization Code + PKCE (public client)' });
  await page.getByRole('button', { name: 'Discover' }).click();
  await expect(page.getByRole('region', { name: 'Server metadata' })).toBeVisible();
  const callback = page.waitForRequest((request) => request.url().startsWith(APP) && new URL(request.url()).searchParams.has('code'));
  await page.getByRole('button', { name: 'Get token' }).click();
  await page.waitForURL(`${DEMO}/**`);
  await signInAndApprove(page);
  const code = new URL((await callback).url()).searchParams.get('code')!;
  await expect(page.getByTestId('authorization-step')).toContainText('Done');
  const verifier = (await page.getByRole('region', { name: 'Authorization Code flow' }).locator('dd code').first().textContent())!;
  const accessToken = await page.getByRole('textbox', { name: 'Access token' }).inputValue();
  const refreshToken = await page.getByRole('textbox', { name: 'Refresh token' }).inputValue();
  for (const value of [code, verifier, accessToken, refreshToken]) expect(value.length).toBeGreaterThan(20);
  return { code, verifier, accessToken, refreshToken };
}

test('the log shows every exchange of a PKCE run in order, secrets masked until revealed, kept across a reload', async ({ page }) => {
  const secrets = await pkceRun(page);
  const log = page.getByRole('region', { name: 'Exchange log' });
  const entries = log.getByTestId('log-entry');
  await expect(entries).toHaveCount(4);
  expect(await entries.evaluateAll((els) => els.map((el) => el.getAttribute('data-label')))).toEqual([
    'Discovery',
    'Authorization request',
    'Token request',
    'JWKS request',
  ]);
  // the authorization redirect is logged as a navigation: GET of the authorize URL, the callback as its response
  const authorize = log.getByRole('article', { name: '2. Authorization request' });
  await expect(authorize).toContainText('browser navigation');
  await expect(authorize).toContainText('302 Found');
  await expect(authorize.getByLabel('Sent')).toContainText(`GET ${DEMO}/auth?`);
  await expect(authorize.getByLabel('Sent')).toContainText('code_challenge=');
  await expect(authorize.getByLabel('Sent')).toContainText('state=');
  await expect(authorize.getByLabel('Received')).toContainText(`location: ${APP}?code=`);

  const text = (await log.textContent())!;
  for (const value of Object.values(secrets)) expect(text).not.toContain(value);
  await expect(log.getByRole('article', { name: '3. Token request' }).getByLabel('Sent')).toContainText('code_verifier=');

  // a deliberate reveal, per entry: the token request sent in this session shows its verifier
  const tokenEntry = log.getByRole('article', { name: '3. Token request' });
  await tokenEntry.getByRole('checkbox', { name: 'Reveal entry 3 (Token request)' }).check();
  await expect(tokenEntry.getByLabel('Sent')).toContainText(`code_verifier=${secrets.verifier}`);
  await expect(tokenEntry.getByLabel('Received')).toContainText(secrets.accessToken);
  await tokenEntry.getByRole('checkbox', { name: 'Reveal entry 3 (Token request)' }).uncheck();

  // UserInfo lands in the same log, after the rest
  await page.getByRole('button', { name: 'UserInfo' }).click();
  await expect(entries).toHaveCount(5);
  await expect(entries.last()).toHaveAttribute('data-label', 'UserInfo request');

  // kept per credential across a reload, masked for good
  await expect.poll(() => storedLogLength(page)).toBe(5);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
  await expect(entries).toHaveCount(5);
  await expect(log).toContainText('Saved masked');
  const stored = (await log.textContent())!;
  for (const value of Object.values(secrets)) expect(stored).not.toContain(value);

  await log.getByRole('button', { name: 'Clear log' }).click();
  await expect(entries).toHaveCount(0);
  await expect.poll(() => storedLogLength(page)).toBe(0);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
  await expect(log).toContainText('No exchanges yet');
});

test('Export HAR gives a HAR 1.2 file with every exchange and no secret or token value', async ({ page }) => {
  const secrets = await pkceRun(page);
  const log = page.getByRole('region', { name: 'Exchange log' });
  const downloading = page.waitForEvent('download');
  await log.getByRole('button', { name: 'Export HAR' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^oauth-playground-\d{8}-\d{6}\.har$/);
  const text = await readFile((await download.path())!, 'utf8');
  for (const value of Object.values(secrets)) expect(text).not.toContain(value);

  const har = JSON.parse(text) as { log: { version: string; creator: { name: string }; entries: Record<string, any>[] } };
  expect(har.log.version).toBe('1.2');
  expect(har.log.creator.name).toBe('OAuth Playground');
  expect(har.log.entries.map((e) => e.request.method + ' ' + new URL(e.request.url).pathname)).toEqual([
    'GET /.well-known/openid-configuration',
    'GET /auth',
    'POST /token',
    'GET /jwks',
  ]);
  for (const entry of har.log.entries) {
    expect(Number.isNaN(Date.parse(entry.startedDateTime))).toBe(false);
    expect(entry.time).toBeGreaterThanOrEqual(0);
    expect(entry.request).toMatchObject({ httpVersion: expect.any(String), headers: expect.any(Array), queryString: expect.any(Array), cookies: [], headersSize: -1 });
    expect(entry.response).toMatchObject({ status: expect.any(Number), content: { size: expect.any(Number), mimeType: expect.any(String) }, redirectURL: expect.any(String) });
    expect(entry.timings).toMatchObject({ send: expect.any(Number), wait: expect.any(Number), receive: expect.any(Number) });
    expect(entry.cache).toEqual({});
  }
  const [, authorize, token] = har.log.entries;
  expect(authorize!.request.queryString.map((q: { name: string }) => q.name)).toEqual(expect.arrayContaining(['code_challenge', 'code_challenge_method', 'state', 'client_id']));
  expect(authorize!.response.status).toBe(302);
  expect(authorize!.response.redirectURL).toContain(`${APP}?code=`);
  expect(token!.request.postData.params.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['grant_type', 'code', 'code_verifier']));
  expect(token!.response.status).toBe(200);
});

test('a failed exchange is explained in the log, and the report is ready to paste without the secret', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await page.getByLabel('Client secret', { exact: true }).fill('wrong-secret-value-1234');
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('alert')).toContainText('invalid_client');
  const log = page.getByRole('region', { name: 'Exchange log' });
  const entry = log.getByRole('article', { name: '1. Token request' });
  await expect(entry).toContainText('401');
  await expect(entry.getByTestId('log-explanation')).toContainText('invalid_client');
  await expect(entry.getByTestId('log-explanation')).toContainText('Client authentication method');

  await log.getByRole('button', { name: 'Copy report' }).click();
  const report = page.getByRole('textbox', { name: 'Report' });
  await expect(report).toHaveValue(/^# OAuth Playground report/);
  const markdown = await report.inputValue();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(markdown);
  expect(markdown).toContain('- Client ID: `demo-cc`');
  expect(markdown).toContain('## Failing exchange');
  expect(markdown).toContain(`POST ${DEMO}/token`);
  expect(markdown).toContain('error: `invalid_client`');
  expect(markdown).not.toContain('wrong-secret-value-1234');
  for (const basic of basicForms('demo-cc', 'wrong-secret-value-1234')) expect(markdown).not.toContain(basic);
});

test('two tabs on one setup: each shows the other’s exchanges as they happen (masked), and the stored log keeps both', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await openApp(first);
  await openApp(second);
  const entriesOf = (page: Page) => page.getByRole('region', { name: 'Exchange log' }).getByTestId('log-entry');
  await expect(entriesOf(second)).toHaveCount(0);

  const token = await getToken(first);
  const fromFirst = entriesOf(second).filter({ hasText: 'Token request' });
  await expect(fromFirst).toHaveCount(1);
  await expect(fromFirst).toContainText('Saved masked');
  await expect(second.getByRole('region', { name: 'Exchange log' })).not.toContainText(token);

  await getToken(second);
  await expect(entriesOf(second)).toHaveCount(2);
  await expect(entriesOf(first)).toHaveCount(2);
  // the second tab's own entry stays whole (it can be revealed); the first tab's cannot
  await expect(entriesOf(second).nth(1).getByRole('checkbox', { name: /^Reveal entry 2/ })).toBeVisible();
  await expect(entriesOf(second).nth(0).getByRole('checkbox', { name: /^Reveal entry 1/ })).toHaveCount(0);
  await expect.poll(() => storedLogLength(first)).toBe(2);
});
