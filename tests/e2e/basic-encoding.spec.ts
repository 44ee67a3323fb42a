/**
 * Issue 15: client_secret_basic's Basic encoding. oauth4webapi form-encodes the client ID and secret
 * (RFC 6749 §2.3.1); many servers do not decode them, while curl -u sends them as typed. oidc-provider
 * decodes them, so it accepts demo-cc either way; demo-cc-b64's secret holds + / = and is accepted
 * only form-encoded (oidc-provider reads an unencoded + as a space).
 */
import { expect, test, type Page } from '@playwright/test';
import { DEMO, fillClientCredentials, openApp } from './fixtures';

/**
 * The credentials the last token request's Basic header carried, base64-decoded (as the server reads
 * them). Polled: the exchanges are drawn just after the token, the last attempt's until then.
 */
async function sentBasic(page: Page): Promise<string> {
  const exchanges = page.getByRole('region', { name: /^Requests sent/ });
  await exchanges.getByRole('checkbox', { name: 'Reveal secrets' }).check();
  const request = (await exchanges.getByRole('group', { name: 'Token request request' }).textContent()) ?? '';
  const encoded = /authorization: Basic (\S+)/i.exec(request)?.[1];
  expect(encoded, request).toBeTruthy();
  return Buffer.from(encoded!, 'base64').toString('utf8');
}

const basicEncoding = (page: Page) => page.getByLabel('Basic encoding');
const accessToken = (page: Page) => page.getByRole('textbox', { name: 'Access token' });

test('a refused form-encoded request says what went out and offers “as typed” in one click; then the page sends them as typed', async ({ page }) => {
  await openApp(page);
  await expect(basicEncoding(page)).toHaveValue('form_encoded');
  await expect(basicEncoding(page).locator('option:checked')).toHaveText('form-encoded (RFC 6749)');

  await fillClientCredentials(page, { tokenUrl: `${DEMO}/token`, clientId: 'demo-cc', clientSecret: 'demo-cc-wrong' });
  await page.getByRole('button', { name: 'Get token' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('invalid_client');
  await expect(alert).toContainText('The server answered HTTP 401');
  await expect(alert).toContainText('the client ID “demo-cc” went out as “demo%2Dcc”');
  await expect.poll(() => sentBasic(page)).toBe('demo%2Dcc:demo%2Dcc%2Dwrong');

  // the log entry says what the alert says
  const hint = /What to check: (.*)$/m.exec((await alert.innerText()).trim())?.[1];
  expect(hint).toBeTruthy();
  const entry = page.getByRole('region', { name: 'Exchange log' }).getByRole('article', { name: '1. Token request' });
  await expect(entry.getByTestId('log-explanation')).toContainText(hint!);

  await alert.getByRole('button', { name: 'Send as typed (like curl -u)' }).click();
  await expect(basicEncoding(page)).toHaveValue('as_typed');
  await expect(alert.getByRole('status')).toContainText('Basic encoding is now “as typed (like curl -u)”');
  await expect(page.getByTestId('client-auth-description')).toContainText('as typed, not form-encoded');

  await page.getByLabel('Client secret', { exact: true }).fill('demo-cc-secret');
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(accessToken(page)).not.toHaveValue('');
  await expect.poll(() => sentBasic(page)).toBe('demo-cc:demo-cc-secret');

  // the snippet sends what the page sent: as typed
  await page.getByRole('region', { name: 'Exchange log' }).getByRole('button', { name: 'Code snippets' }).click();
  await expect(page.getByRole('textbox', { name: 'Token request snippet' })).toHaveValue(/-u 'demo-cc:'"\$CLIENT_SECRET"/);

  // only client_secret_basic has a Basic encoding
  await page.getByLabel('Client authentication', { exact: true }).selectOption('client_secret_post');
  await expect(basicEncoding(page)).toHaveCount(0);
});

test('a secret with + / = is refused as typed by a server that decodes (RFC 6749); the one-click switch to form-encoded gets the token', async ({ page }) => {
  const secret = 'ZGVtbw+c2VjcmV0/Yg==';
  await openApp(page);
  await fillClientCredentials(page, { tokenUrl: `${DEMO}/token`, clientId: 'demo-cc-b64', clientSecret: secret, scope: 'api:read' });
  await basicEncoding(page).selectOption('as_typed');
  await page.getByRole('button', { name: 'Get token' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('invalid_client');
  await expect(alert).toContainText('sent as typed, but hold % or +');
  await expect.poll(() => sentBasic(page)).toBe(`demo-cc-b64:${secret}`);

  await alert.getByRole('button', { name: 'Send form-encoded (RFC 6749)' }).click();
  await expect(basicEncoding(page)).toHaveValue('form_encoded');
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(accessToken(page)).not.toHaveValue('');
  await expect(alert).toHaveCount(0);
  await expect.poll(() => sentBasic(page)).toBe('demo%2Dcc%2Db64:ZGVtbw%2Bc2VjcmV0%2FYg%3D%3D');
});
