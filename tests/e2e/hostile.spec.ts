// The app against a deliberately misbehaving server (tests/support/hostile-server.js). For each
// case: a clear message in the page, the token obtained before and the saved settings still there,
// no secret shown in the page, the console or the address bar, and no script from the server run.
import { expect, test, type Page } from '@playwright/test';
import { HOSTILE, fillClientCredentials, openApp, showSent, basicForms } from './fixtures';
import { storedJson } from './stored';

const SECRET = 'hostile-case-secret-7c1e';
/** What must never be shown: the secrets, raw and inside a Basic header. */
const FORBIDDEN = [SECRET, ...basicForms('demo-cc', SECRET), 'demo-cc-secret', ...basicForms('demo-cc', 'demo-cc-secret')];

const accessToken = (page: Page) => page.getByRole('textbox', { name: 'Access token' });

/** Console output of the page, to check that no secret is logged. */
const consoleLines = new WeakMap<Page, string[]>();

/** Opens the app and gets a token from the demo provider: what must survive the hostile case. */
async function tokenBefore(page: Page): Promise<string> {
  const lines: string[] = [];
  consoleLines.set(page, lines);
  page.on('console', (message) => lines.push(message.text()));
  await openApp(page);
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(accessToken(page)).not.toHaveValue('');
  return accessToken(page).inputValue();
}

/** The token and the settings (saved as a draft) are still there, also after a reload. */
async function expectNothingLost(page: Page, token: string, field: string, value: string): Promise<void> {
  await expect(accessToken(page)).toHaveValue(token);
  await expect.poll(() => storedJson(page, 'draft')).toContain(value); // the draft is saved a moment after each edit
  expect(await storedJson(page)).not.toContain(SECRET);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
  await expect(accessToken(page)).toHaveValue(token);
  await expect(page.getByRole('textbox', { name: field, exact: true })).toHaveValue(value);
}

async function expectNoSecretLeaked(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  const logged = (consoleLines.get(page) ?? []).join('\n');
  for (const secret of FORBIDDEN) {
    expect(text).not.toContain(secret);
    expect(logged).not.toContain(secret);
    expect(page.url()).not.toContain(secret);
  }
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
}

/** Token endpoint → what the alert must say. */
const REFUSED: { route: string; title: string; says: (string | RegExp)[] }[] = [
  { route: '/html-token', title: 'The response is not JSON', says: ['text/html', 'HTML login or error page'] },
  { route: '/truncated-token', title: 'Malformed response', says: ['not valid JSON'] },
  { route: '/no-access-token', title: 'Malformed response', says: ['"access_token"'] },
  { route: '/access-token-not-string', title: 'Malformed response', says: ['"access_token"'] },
  { route: '/expires-in-negative', title: 'Malformed response', says: ['"expires_in"'] },
  { route: '/expires-in-string', title: 'Malformed response', says: ['"expires_in"'] },
  { route: '/big-body', title: 'Malformed response', says: ['larger than 256 KiB', 'refused'] },
  { route: '/redirect-token', title: 'HTTP error', says: ['redirect, which was not followed', 'login page'] },
  { route: '/token-type-mac', title: 'Protocol check failed', says: ['token_type', '“mac”', 'Only Bearer and DPoP'] },
  { route: '/www-authenticate-odd', title: 'The server asked for other credentials', says: ['401', 'invalid_client', 'key=value, "odd"'] },
  { route: '/script-header', title: 'The server refused the request', says: ['invalid_request', '<script>window.__pwned=4</script>'] },
  // a provider's own error shape is explained in its terms (issue 15 item 7)
  { route: '/keycloak-bad-secret', title: 'The server refused the request', says: ['unauthorized_client', 'Keycloak answers this for a wrong client secret'] },
  { route: '/entra-spa-only', title: 'The server refused the request', says: ['AADSTS9002326', 'SPA platform (not Web)'] },
];

test.describe('Hostile token endpoints: refused with a clear message, nothing lost, nothing leaked', () => {
  for (const { route, title, says } of REFUSED) {
    test(`${route}`, async ({ page }) => {
      const before = await tokenBefore(page);
      await fillClientCredentials(page, { tokenUrl: `${HOSTILE}${route}`, clientSecret: SECRET });
      await page.getByRole('button', { name: 'Get token' }).click();
      const alert = page.getByRole('alert');
      await expect(alert).toContainText(title);
      for (const text of says) await expect(alert).toContainText(text);
      await expectNoSecretLeaked(page);
      await expectNothingLost(page, before, 'Token URL', `${HOSTILE}${route}`);
    });
  }

  // Regression (issue 13, finding 11): saving it overflowed structuredClone's stack, an uncaught page error.
  test('finding 11: a 100,000-deep nested token response is refused at the boundary, with no page error', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const before = await tokenBefore(page);
    await fillClientCredentials(page, { tokenUrl: `${HOSTILE}/deep-token`, clientSecret: SECRET });
    await page.getByRole('button', { name: 'Get token' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Malformed response');
    await expect(alert).toContainText('nested deeper than');
    await expect(accessToken(page)).toHaveValue(before);
    await expectNoSecretLeaked(page);
    await expectNothingLost(page, before, 'Token URL', `${HOSTILE}/deep-token`);
    expect(errors).toEqual([]);
    expect(await storedJson(page, 'tokens')).not.toContain('hostile-deep-token'); // the log keeps what came back; no token was kept
  });

  test('a huge expires_in is accepted but shown as out of range, not as an invalid date', async ({ page }) => {
    await tokenBefore(page);
    await fillClientCredentials(page, { tokenUrl: `${HOSTILE}/expires-in-huge`, clientSecret: SECRET });
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(accessToken(page)).toHaveValue('hostile-huge-expiry');
    await expect(page.getByTestId('token-expiry')).toContainText('implausibly large');
    await expect(page.getByTestId('token-expiry')).not.toContainText('Invalid Date');
    await expectNoSecretLeaked(page);
  });

  test('a numeric-string expires_in is read as the number of seconds', async ({ page }) => {
    await tokenBefore(page);
    await fillClientCredentials(page, { tokenUrl: `${HOSTILE}/expires-in-numeric-string`, clientSecret: SECRET });
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(accessToken(page)).toHaveValue('hostile-numeric-string-expiry');
    await expect(page.getByTestId('token-expiry')).toContainText(/expires in (1 h|59 min)/);
  });

  test('a response that never ends can be cancelled, and the page is usable again', async ({ page }) => {
    const before = await tokenBefore(page);
    await fillClientCredentials(page, { tokenUrl: `${HOSTILE}/never-ends`, clientSecret: SECRET });
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Working' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Get token' })).toBeDisabled();
    // Meanwhile the last attempt's exchanges stay, marked busy, until this attempt has one to show.
    await showSent(page);
    const exchanges = page.getByRole('region', { name: /^Requests sent/ });
    await expect(exchanges).toHaveAttribute('aria-busy', 'true');
    await expect(exchanges.getByRole('heading', { level: 3 })).toContainText('the last attempt’s: this one has sent nothing yet');
    await expect(exchanges.getByLabel('Token request response')).toContainText(`"access_token":"${before.slice(0, 4)}…`);
    await page.getByRole('button', { name: 'Cancel' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Cancelled');
    await expect(alert).toContainText('127.0.0.1:9091');
    await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
    await expect(page.getByLabel('Token request response')).toContainText('HTTP 200');
    await expectNoSecretLeaked(page);
    await expectNothingLost(page, before, 'Token URL', `${HOSTILE}/never-ends`);
  });

  test('a discovery document naming another issuer is refused and fills nothing', async ({ page }) => {
    const before = await tokenBefore(page);
    await page.getByRole('textbox', { name: 'Issuer' }).fill(`${HOSTILE}/issuer-mismatch`);
    await page.getByRole('button', { name: 'Discover' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Protocol check failed');
    await expect(alert).toContainText('"issuer"');
    await expect(alert).toContainText('another issuer');
    // The preset's endpoints went with the new Issuer (and the page says so); the refused document filled none.
    await expect(page.getByTestId('provider-note')).toContainText('Token URL');
    await expect(page.getByRole('textbox', { name: 'Token URL' })).toHaveValue('');
    await expectNoSecretLeaked(page);
    await expectNothingLost(page, before, 'Issuer', `${HOSTILE}/issuer-mismatch`);
  });
});

/**
 * Authorization Code + PKCE with openid against the hostile issuer `/oidc/<scenario>`: Discover,
 * a public client, full-page redirect (the hostile authorize endpoint answers at once).
 */
async function startOidc(page: Page, scenario: string): Promise<string> {
  const issuer = `${HOSTILE}/oidc/${scenario}`;
  await page.getByLabel('Grant type').selectOption('authorization_code');
  await page.getByRole('textbox', { name: 'Issuer' }).fill(issuer);
  await page.getByRole('button', { name: 'Discover' }).click();
  await expect(page.getByRole('textbox', { name: 'Token URL' })).toHaveValue(`${issuer}/token`);
  await page.getByRole('textbox', { name: 'Client ID' }).fill('hostile-spa');
  await page.getByLabel('Client authentication', { exact: true }).selectOption('none');
  await page.getByRole('textbox', { name: 'Scope' }).fill('openid');
  await page.getByRole('button', { name: 'Get token' }).click();
  await page.waitForURL((url) => url.origin === 'http://127.0.0.1:4173' && !url.searchParams.has('code'));
  return issuer;
}

/** ID tokens that fail a check: the tokens are kept to study, held back from test requests. */
const BROKEN_ID_TOKENS: { scenario: string; says: (string | RegExp)[] }[] = [
  { scenario: 'bad-signature', says: ['ID token rejected: signature', 'did not verify against the JWKS'] },
  { scenario: 'wrong-aud', says: ['ID token rejected: aud, expected "hostile-spa", got'] },
  { scenario: 'expired', says: ['ID token rejected: exp', 'clock'] },
  { scenario: 'wrong-nonce', says: ['ID token rejected: nonce, expected'] },
];

/** Authorization responses that are refused outright: nothing is exchanged. */
const REFUSED_RESPONSES: { scenario: string; says: (string | RegExp)[] }[] = [
  { scenario: 'foreign-iss', says: ['Protocol check failed', '"iss"', 'RFC 9207'] },
];

test.describe('A hostile OpenID Connect issuer: broken ID tokens and authorization responses', () => {
  test('the well-behaved case works, and claims full of markup are shown as text', async ({ page }) => {
    await tokenBefore(page);
    await startOidc(page, 'good');
    await expect(accessToken(page)).toHaveValue(/^hostile-oidc-good-/);
    const claims = page.getByRole('table', { name: 'ID token claims' });
    await expect(claims.getByRole('row', { name: /^name/ })).toContainText('<script>window.__pwned=7</script>');
    await expect(page.getByText('signature against the server’s JWKS')).toBeVisible();
    await expectNoSecretLeaked(page);
  });

  for (const { scenario, says } of BROKEN_ID_TOKENS) {
    test(`${scenario}: the ID token is rejected, its tokens kept but held back`, async ({ page }) => {
      const before = await tokenBefore(page);
      const issuer = await startOidc(page, scenario);
      const alert = page.getByRole('alert');
      for (const text of says) await expect(alert).toContainText(text);
      // what the server issued is there to study, not used until the person chooses
      await expect(accessToken(page)).toHaveValue(new RegExp(`^hostile-oidc-${scenario}-`));
      await expect(page.getByRole('button', { name: 'Use these tokens anyway' })).toBeVisible();
      await expect(page.getByRole('table', { name: 'ID token claims' })).toHaveCount(0);
      // the token obtained before is still kept
      await expect(page.getByLabel('Token used for test requests').locator('option')).toHaveCount(2);
      await expectNoSecretLeaked(page);
      await page.reload();
      await expect(page.getByRole('textbox', { name: 'Issuer', exact: true })).toHaveValue(issuer);
      await expect(page.getByRole('button', { name: 'Use these tokens anyway' })).toBeVisible();
      await page.getByLabel('Token used for test requests').selectOption({ index: 1 });
      await expect(accessToken(page)).toHaveValue(before);
    });
  }

  for (const { scenario, says } of REFUSED_RESPONSES) {
    test(`${scenario} is refused`, async ({ page }) => {
      const before = await tokenBefore(page);
      const issuer = await startOidc(page, scenario);
      const alert = page.getByRole('alert');
      for (const text of says) await expect(alert).toContainText(text);
      await expect(alert).toContainText('Authorization failed');
      await expectNoSecretLeaked(page);
      await expectNothingLost(page, before, 'Issuer', issuer);
    });
  }

  test('a replayed authorization response is refused and the token from it stays', async ({ page }) => {
    await tokenBefore(page);
    let callback = '';
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && frame.url().includes('code=')) callback = frame.url();
    });
    await startOidc(page, 'good');
    await expect(accessToken(page)).toHaveValue(/^hostile-oidc-good-/);
    const obtained = await accessToken(page).inputValue();
    expect(callback).toContain('state=');
    await page.goto(callback);
    await expect(page.getByRole('alert')).toContainText('already used');
    await expect(accessToken(page)).toHaveValue(obtained);
    expect(new URL(page.url()).searchParams.has('code')).toBe(false);
  });
});
