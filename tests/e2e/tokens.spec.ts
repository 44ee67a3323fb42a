import { expect, test } from '@playwright/test';
import { DEMO, getToken, openApp, responseJson, responseStatus, signInAndApprove } from './fixtures';

test('several tokens coexist and the view says which one the test request uses', async ({ page }) => {
  await openApp(page);
  const first = await getToken(page);
  await page.getByLabel('Preset').selectOption({ label: 'Local demo: JSON-body token (Clazar-style)' });
  const second = await getToken(page);
  expect(second).not.toBe(first);

  const used = page.getByLabel('Token used for test requests');
  await expect(used.getByRole('option')).toHaveCount(2);
  await page.getByRole('textbox', { name: 'Request URL' }).fill(`${DEMO}/api/me`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(responseStatus(page)).toContainText('200');
  await expect.poll(() => responseJson(page)).toMatchObject({ token_kind: 'clazar' });

  await used.selectOption({ label: (await used.getByRole('option', { name: /demo-cc/ }).textContent())! });
  await expect(page.getByRole('textbox', { name: 'Access token' })).toHaveValue(first);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(responseStatus(page)).toContainText('200');
  await expect.poll(() => responseJson(page).catch(() => null)).toMatchObject({ token_kind: 'jwt', client_id: 'demo-cc' });

  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Access token' })).toHaveValue(first);
});

test('a token obtained with another client is flagged as stale until the settings match it again', async ({ page }) => {
  await openApp(page);
  await getToken(page);
  const stale = page.getByText('This token was obtained with other settings');
  await expect(stale).toHaveCount(0);
  const clientId = page.getByRole('textbox', { name: 'Client ID' });
  const id = await clientId.inputValue();
  await clientId.fill(`${id}-staging`);
  await expect(stale).toBeVisible();
  await clientId.fill(` ${id} `);
  await expect(stale).toHaveCount(0);
});

test('Renew token re-fetches a client-credentials token in one click', async ({ page }) => {
  await openApp(page);
  const first = await getToken(page);
  await page.getByRole('button', { name: 'Renew token' }).click();
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue(first);
});

test('Pushed Authorization Request: the authorization URL carries only a request_uri', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption({ label: 'Local demo: Authorization Code + PKCE (public client)' });
  await page.getByText('Authorization request extras').click();
  await page.getByRole('checkbox', { name: /Use PAR/ }).check();
  await expect(page.getByRole('textbox', { name: 'PAR endpoint' })).toHaveValue(`${DEMO}/request`);
  const authorizeRequest = page.waitForRequest((request) => request.url().startsWith(`${DEMO}/auth?`));
  await page.getByRole('button', { name: 'Get token' }).click();
  const sentTo = new URL((await authorizeRequest).url());
  expect([...sentTo.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
  expect(sentTo.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
  await page.waitForURL(`${DEMO}/**`);
  await signInAndApprove(page);
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
});

test('response_mode=form_post is explained instead of failing silently', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption({ label: 'Local demo: Authorization Code + PKCE (public client)' });
  await page.getByText('Authorization request extras').click();
  await page.getByLabel('Response mode').selectOption('form_post');
  await expect(page.getByRole('note').filter({ hasText: 'cannot receive a POST' })).toBeVisible();
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('alert')).toContainText('form_post');
  expect(page.url()).toBe('http://127.0.0.1:4173/');
});

test('device grant: Cancel stops polling; denying on the device page gives access_denied', async ({ page, context }) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption({ label: 'Local demo: Device flow' });
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByTestId('user-code')).not.toBeEmpty();
  const cancelledCode = await page.getByTestId('user-code').textContent();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('device-status')).toContainText('Cancelled');
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();

  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByTestId('user-code')).not.toHaveText(cancelledCode!);
  await expect(page.getByTestId('user-code')).not.toBeEmpty();
  const userCode = (await page.getByTestId('user-code').textContent())!;
  const device = await context.newPage();
  await device.goto(`${DEMO}/device?user_code=${encodeURIComponent(userCode)}`);
  await device.getByRole('button', { name: '[ Abort ]' }).click();
  await expect(page.getByRole('alert')).toContainText('access_denied', { timeout: 20_000 });
  await expect(page.getByTestId('device-status')).toContainText('access_denied');
});

test('two tabs renewing one rotating refresh token at once both end up with the same new token', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await openApp(first);
  await openApp(second);
  await first.getByLabel('Preset').selectOption({ label: 'Local demo: Password grant (legacy)' });
  await getToken(first);
  // The other tab hears of the new token and shows it.
  await second.getByLabel('Preset').selectOption({ label: 'Local demo: Password grant (legacy)' });
  const refresh = (page: typeof first) => page.getByRole('textbox', { name: 'Refresh token' });
  await expect(refresh(second)).toHaveValue(await refresh(first).inputValue());
  const old = await refresh(first).inputValue();

  const refreshRequests: string[] = [];
  context.on('request', (request) => {
    if (request.url().endsWith('/token') && (request.postData() ?? '').includes('grant_type=refresh_token')) refreshRequests.push(request.url());
  });
  // "At once": the first refresh is held at the network until both tabs have clicked, so the second
  // click lands while the first renewal is in flight (on a loaded machine it could land after).
  let release!: () => void;
  const bothClicked = new Promise<void>((resolve) => (release = resolve));
  await context.route(`${DEMO}/token`, async (route) => {
    if ((route.request().postData() ?? '').includes('grant_type=refresh_token')) await bothClicked;
    await route.continue();
  });
  await Promise.all([first.getByRole('button', { name: 'Renew token' }).click(), second.getByRole('button', { name: 'Renew token' }).click()]);
  release();
  await expect(refresh(first)).not.toHaveValue(old);
  await expect(refresh(second)).not.toHaveValue(old);
  await expect(refresh(second)).toHaveValue(await refresh(first).inputValue());
  await expect(first.getByRole('alert')).toHaveCount(0);
  await expect(second.getByRole('alert')).toHaveCount(0);
  expect(refreshRequests).toHaveLength(1);
});
