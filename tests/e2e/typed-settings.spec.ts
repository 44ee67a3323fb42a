// Settings typed over a preset, from bugs users reported: the form keeps values that came from the
// preset (hidden endpoints, the secret, descriptions) as if they still applied to what was typed.
// Two independent providers: DEMO (the presets' host, 9090) and OTHER (9092, same clients, own keys).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO, HOSTILE, OTHER, openApp, requestsTo, signInAndApprove, openAdvanced, showSent } from './fixtures';

const APP_ORIGIN = 'http://127.0.0.1:4173';

const textbox = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });
/**
 * For what a page that has settled shows (the flow said Done or Stopped; a field was left): each
 * symptom is reported, and none waits long for what will not come.
 */
const settled = expect.configure({ soft: true, timeout: 3_000 });

/** The block of the form field labelled `label`: its label, control and the notes under it. */
function fieldBlock(page: Page, label: string): Locator {
  return page.locator('.field').filter({ has: page.getByLabel(label, { exact: true }) });
}

async function usePreset(page: Page, name: string): Promise<void> {
  await page.getByLabel('Preset').selectOption({ label: name });
}

/** Full-page redirect to `origin`, sign in and approve there, and back to the app. */
async function signInAt(page: Page, origin: string): Promise<void> {
  await page.getByLabel('Authorize in').selectOption('redirect');
  await page.getByRole('button', { name: 'Get token' }).click();
  await page.waitForURL(`${origin}/**`);
  await signInAndApprove(page);
  await page.waitForURL(`${APP_ORIGIN}/**`);
  // the flow has finished one way or the other
  await expect(page.getByTestId('authorization-step')).toContainText(/^(Done|Stopped)/);
}

test('settings typed over the default preset, code flow against another provider', async ({ page }) => {
  await openApp(page); // the default preset: client credentials at DEMO
  const toPresetHost = requestsTo(page, DEMO);
  await page.getByLabel('Grant type').selectOption('authorization_code');
  await textbox(page, 'Issuer').fill(OTHER);
  await textbox(page, 'Authorization URL').fill(`${OTHER}/auth`);
  await textbox(page, 'Token URL').fill(`${OTHER}/token`);
  await textbox(page, 'Client ID').fill('demo-web');
  await page.getByLabel('Client secret', { exact: true }).fill('demo-web-secret');
  await textbox(page, 'Scope').fill('openid offline_access api:read');
  await signInAt(page, OTHER);

  await settled(page.getByRole('alert'), 'no alert').toHaveText([]); // (the list form shows any alert's text)
  await settled(textbox(page, 'Access token')).not.toHaveValue('');
  await settled(textbox(page, 'Refresh token')).not.toHaveValue('');
  const claims = page.getByRole('table', { name: 'ID token claims' });
  await settled(claims.getByRole('row', { name: /^iss/ })).toContainText(OTHER);
  await settled(claims.getByRole('row', { name: /^aud/ })).toContainText('demo-web');
  // nothing typed points at DEMO: no request may go there (today: GET DEMO/jwks, the preset's hidden JWKS URI)
  expect(toPresetHost).toEqual([]);
});

test('the typed client secret survives the full-page redirect', async ({ page }) => {
  await openApp(page);
  // a preset with a public client, turned by hand into the confidential demo-web: the secret is typed, not the preset's
  await usePreset(page, 'Local demo: Authorization Code + PKCE (public client)');
  await textbox(page, 'Client ID').fill('demo-web');
  await page.getByLabel('Client secret', { exact: true }).fill('demo-web-secret');
  await page.getByLabel('Client authentication', { exact: true }).selectOption('client_secret_basic');
  await signInAt(page, DEMO);
  await expect(textbox(page, 'Access token')).not.toHaveValue('');
  await expect(textbox(page, 'Refresh token')).not.toHaveValue('');

  // Each follow-up request authenticates with the secret typed before leaving the page.
  const secretGone = page.getByRole('alert').filter({ hasText: 'Client secret is empty' });
  const result = page.getByTestId('operation-result');
  await page.getByRole('button', { name: 'Renew token' }).click();
  await settled(page.getByTestId('rotation'), 'Renew token').toContainText('rotated');
  await page.getByRole('button', { name: 'Introspect' }).click();
  await settled(result, 'Introspect').toContainText('"active": true');
  await page.getByRole('button', { name: 'Revoke' }).click();
  await settled(result, 'Revoke').toContainText('accepted the revocation');
  await expect(secretGone).toHaveCount(0);
});

test('a protocol-check failure keeps the tokens', async ({ page }) => {
  const issuer = `${HOSTILE}/oidc/wrong-aud`; // its ID token's aud is "someone-else"
  const testUrl = `${HOSTILE}/resource`;
  await openApp(page);
  await textbox(page, 'Request URL').fill(testUrl);
  await page.getByLabel('Grant type').selectOption('authorization_code');
  await textbox(page, 'Issuer').fill(issuer);
  await page.getByRole('button', { name: 'Discover' }).click();
  await expect(textbox(page, 'Token URL')).toHaveValue(`${issuer}/token`);
  await textbox(page, 'Client ID').fill('hostile-spa');
  await page.getByLabel('Client authentication', { exact: true }).selectOption('none');
  await textbox(page, 'Scope').fill('openid');
  await page.getByRole('button', { name: 'Get token' }).click(); // the hostile authorize endpoint answers at once
  await page.waitForURL((url) => url.origin === APP_ORIGIN && !url.searchParams.has('code'));

  await expect(page.getByRole('alert')).toContainText('ID token rejected: aud, expected "hostile-spa", got "someone-else"');
  const accessToken = textbox(page, 'Access token');
  await expect(accessToken).toHaveValue(/^hostile-oidc-wrong-aud-/);
  const token = await accessToken.inputValue();
  const useAnyway = page.getByRole('button', { name: 'Use these tokens anyway' });
  await expect(useAnyway).toBeVisible();

  // Not chosen yet: Send explains, and the rejected token goes nowhere.
  const sentWithToken: string[] = [];
  page.on('request', (request) => {
    if (request.url() === testUrl && request.headers()['authorization'] === `Bearer ${token}`) sentWithToken.push(request.method());
  });
  const testPanel = page.getByRole('region', { name: 'Test request', exact: true });
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(testPanel.getByRole('alert')).toBeVisible();
  expect(sentWithToken).toEqual([]);

  await useAnyway.click();
  const sent = page.waitForRequest((request) => request.url() === testUrl && request.method() === 'GET');
  await page.getByRole('button', { name: 'Send' }).click();
  expect((await sent).headers()['authorization']).toBe(`Bearer ${token}`);
});

test('stale text after changing provider', async ({ page }) => {
  const summary = 'A client secret and PKCE together, as Nexar’s design scope asks';
  await openApp(page);
  await usePreset(page, 'Local demo: Authorization Code + PKCE (confidential client)');
  await expect(page.getByText(summary)).toBeVisible();
  const requestUrl = textbox(page, 'Request URL');
  await expect(requestUrl).toHaveValue(`${DEMO}/me`);

  await textbox(page, 'Token URL').fill(`${OTHER}/token`);
  // the preset's description no longer applies
  await settled(page.getByText(summary)).toBeHidden();
  // the preset's test request on DEMO is cleared, or flagged as pointing at another host
  await settled
    .poll(
      async () => (await requestUrl.inputValue()) === '' || ((await fieldBlock(page, 'Request URL').textContent()) ?? '').includes('127.0.0.1:9090'),
      { message: 'Request URL: cleared, or flagged next to it as on 127.0.0.1:9090', timeout: 3_000 },
    )
    .toBe(true);

  // The exchanges of a Discover are shown: their heading names no empty client authentication.
  await textbox(page, 'Issuer').fill(OTHER);
  await page.getByRole('button', { name: 'Discover' }).click();
  await showSent(page);
  const exchanges = page.getByRole('region', { name: /^Requests sent/ });
  await expect(exchanges.getByLabel('Discovery request')).toContainText(`GET ${OTHER}/.well-known/`);
  await expect(exchanges.getByRole('heading', { level: 3 })).not.toHaveText(/client authentication: \)/);
});

test('a value from the previous provider is cleared and the page says which', async ({ page }) => {
  await openApp(page); // the default preset fills every endpoint of DEMO, most in collapsed "Other endpoints"
  const hidden = ['JWKS URI', 'UserInfo URL', 'Revocation URL', 'Introspection URL'];
  // (getByLabel: the fields are in a collapsed section)
  for (const name of hidden) await expect(page.getByLabel(name, { exact: true })).toHaveValue(new RegExp(`^${DEMO}/`));

  await textbox(page, 'Issuer').fill(OTHER);
  await textbox(page, 'Issuer').blur();
  // said where the user is looking, not only inside the collapsed section
  await settled(page.getByRole('region', { name: 'Auth', exact: true }).getByRole('status').filter({ hasText: 'JWKS URI' })).toBeVisible();
  await openAdvanced(page);
  await page.getByText('Other endpoints (revocation, introspection, UserInfo, JWKS)').click();
  for (const name of hidden) await settled(textbox(page, name), name).toHaveValue('');
});

test('a value pointing at another host than the issuer’s is flagged next to its field', async ({ page }) => {
  await openApp(page);
  await textbox(page, 'Issuer').fill(OTHER);
  await textbox(page, 'Token URL').fill(`${DEMO}/token`);
  await textbox(page, 'Token URL').blur();
  await expect(fieldBlock(page, 'Token URL')).toContainText('127.0.0.1:9090');
});
