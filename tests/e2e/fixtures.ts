import { expect, type Page } from '@playwright/test';

export const DEMO = 'http://127.0.0.1:9090';
export const HOSTILE = 'http://127.0.0.1:9091';
/**
 * A second demo provider (`node demo/main.js --port 9092`): the same clients and secrets as DEMO,
 * but its own signing keys, sessions and codes, so nothing obtained from one is valid at the other.
 */
export const OTHER = 'http://127.0.0.1:9092';
/**
 * A second, independently written authorization server: Django OAuth Toolkit
 * (`tests/support/dot-server.py`), with its own clients (peer-cc, peer-confidential, peer-spa).
 */
export const PEER = 'http://127.0.0.1:9093';

/**
 * Every request the page and its frames send to `origin` from now on (navigations included), as
 * `METHOD url`; the array fills as they go. For asserting that nothing went to a host.
 */
export function requestsTo(page: Page, origin: string): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).origin === origin) sent.push(`${request.method()} ${request.url()}`);
  });
  return sent;
}

/** Opens the app on a fresh profile and waits until `Get token` is usable (saved data loaded). */
export async function openApp(page: Page): Promise<void> {
  await page.goto('./');
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
}

/** Fills the OAuth 2.0 client-credentials fields by their public names. */
export async function fillClientCredentials(
  page: Page,
  fields: { tokenUrl?: string; clientId?: string; clientSecret?: string; scope?: string; clientAuth?: string },
): Promise<void> {
  await page.getByLabel('Auth type').selectOption('oauth2');
  await page.getByLabel('Grant type').selectOption('client_credentials');
  if (fields.tokenUrl !== undefined) await page.getByRole('textbox', { name: 'Token URL' }).fill(fields.tokenUrl);
  if (fields.clientId !== undefined) await page.getByRole('textbox', { name: 'Client ID' }).fill(fields.clientId);
  if (fields.clientSecret !== undefined) await page.getByLabel('Client secret', { exact: true }).fill(fields.clientSecret);
  if (fields.scope !== undefined) await page.getByRole('textbox', { name: 'Scope' }).fill(fields.scope);
  if (fields.clientAuth !== undefined) await page.getByLabel('Client authentication').selectOption(fields.clientAuth);
}

/** The response region's status code text. */
export function responseStatus(page: Page) {
  return page.getByRole('region', { name: 'Response' }).getByTestId('response-status');
}

export function responseBody(page: Page) {
  return page.getByRole('region', { name: 'Response' }).getByTestId('response-body');
}

/** The JSON the demo API answered the test request with. */
export async function responseJson(page: Page): Promise<Record<string, unknown>> {
  return JSON.parse((await responseBody(page).textContent()) ?? 'null') as Record<string, unknown>;
}

/** Clicks `Get token` and waits for a new access token; returns it. */
export async function getToken(page: Page): Promise<string> {
  const accessToken = page.getByRole('textbox', { name: 'Access token' });
  const before = await accessToken.inputValue();
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(accessToken).not.toHaveValue(before);
  return accessToken.inputValue();
}

/** Signs in at the demo provider's login page (any login name, any password) and approves. */
export async function signInAndApprove(page: Page, login = 'demo-user'): Promise<void> {
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

/**
 * Opens the Auth form's `Advanced` disclosure (DPoP, extra parameters, other endpoints, plain http,
 * proxy), unless it is open already.
 */
export async function openAdvanced(page: Page): Promise<void> {
  const advanced = page.getByTestId('advanced');
  if (!(await advanced.evaluate((details) => (details as HTMLDetailsElement).open))) await advanced.locator('summary').first().click();
}

/** Opens the header's `Menu` (theme, secret protection, export and import), unless it is open. */
export async function openMenu(page: Page): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu', exact: true });
  if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
}

/**
 * Opens the result pane's disclosure of the requests an attempt sent (`Requests sent`, or
 * `Test request exchange`), where the full exchanges are shown beside the Exchange log.
 */
export async function showSent(page: Page, title: RegExp = /^Requests sent/): Promise<void> {
  const details = page.locator('details.sent').filter({ has: page.locator('summary', { hasText: title }) });
  if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await details.locator('summary').click();
}

/** Opens a saved credential tile's overflow menu (Rename, Duplicate, Delete). */
export async function tileActions(page: Page, name: string): Promise<void> {
  const more = page.getByRole('button', { name: `Actions for ${name}`, exact: true });
  if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
}

/**
 * Both ways an `Authorization: Basic` header may carry `id:secret`, Base64: as typed (curl -u) and
 * form-encoded first (RFC 6749 §2.3.1, the default). A check that a secret did not leak looks for both.
 */
export function basicForms(id: string, secret: string): string[] {
  const form = (value: string) => encodeURIComponent(value).replace(/[-_.!~*'()]|%20/g, (c) => (c === '%20' ? '+' : `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
  return [`${id}:${secret}`, `${form(id)}:${form(secret)}`].map((pair) => Buffer.from(pair).toString('base64'));
}

/** Adds an environment `prod` whose variable `prod_secret` is secret, holding `value`, and saves it. */
export async function secretEnvironment(page: Page, value: string): Promise<void> {
  await page.getByRole('textbox', { name: 'New environment name' }).fill('prod');
  await page.getByRole('button', { name: 'Add environment' }).click();
  await page.getByRole('textbox', { name: 'Variable 1 name' }).fill('prod_secret');
  await page.getByRole('checkbox', { name: 'Variable 1 is secret' }).check();
  await page.getByLabel('Variable 1 value').fill(value);
  await page.getByRole('button', { name: 'Save variables' }).click();
  await expect(page.getByTestId('library-notice')).toContainText('Variables saved');
}
