// The workbench (issue 14): the next step and its result stay in view, on a laptop and on a phone.
import { expect, test, type Page } from '@playwright/test';
import { fillClientCredentials, getToken, openAdvanced, openApp, openMenu, showSent, signInAndApprove, tileActions } from './fixtures';

const getTokenButton = (page: Page) => page.getByRole('button', { name: 'Get token' });
const accessToken = (page: Page) => page.getByRole('textbox', { name: 'Access token' });
const scrollY = (page: Page) => page.evaluate(() => window.scrollY);
/** How far the page scrolls sideways (0: it fits its viewport). */
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test.describe('at 1280x800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('client credentials: Get token is in view on load, the token is in view when it arrives, without scrolling', async ({ page }) => {
    await openApp(page);
    await expect(getTokenButton(page)).toBeInViewport();
    await getTokenButton(page).click();
    await expect(accessToken(page)).not.toHaveValue('');
    await expect(accessToken(page)).toBeInViewport();
    await expect(page.getByTestId('token-expiry')).toBeInViewport();
    expect(await scrollY(page)).toBe(0);
    await expect(page.getByTestId('result-announcement')).toHaveText(/^Token received, valid for (9|10) min/);
    // one line names the request that produced it
    await expect(page.getByTestId('exchange-summary')).toContainText('POST http://127.0.0.1:9090/token');
    await expect(page.getByTestId('exchange-summary')).toContainText('client authentication: client_secret_basic');
  });

  test('a failed token request: the alert is in view and announced', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { clientSecret: 'wrong' });
    await getTokenButton(page).click();
    const alert = page.getByRole('region', { name: 'Result' }).getByRole('alert');
    await expect(alert).toBeVisible();
    await expect(alert).toBeInViewport();
    await expect(page.getByTestId('result-announcement')).toHaveText('Token request failed: the alert in the result pane says why.');
  });

  test('Get token stays in view while the form scrolls', async ({ page }) => {
    await openApp(page);
    await page.getByRole('textbox', { name: 'Credential name' }).scrollIntoViewIfNeeded();
    await openAdvanced(page);
    await page.getByRole('checkbox', { name: /Allow plain http/ }).scrollIntoViewIfNeeded();
    expect(await scrollY(page)).toBeGreaterThan(0);
    await expect(getTokenButton(page)).toBeInViewport();
    await expect(page.getByRole('button', { name: 'Send' })).toBeInViewport();
  });

  test('Authorization Code by full-page redirect: back on the page, the token is in view and announced', async ({ page }) => {
    await openApp(page);
    await page.getByLabel('Preset').selectOption({ label: 'Local demo: Authorization Code + PKCE (public client)' });
    await expect(page.getByLabel('Authorize in')).toHaveValue('redirect');
    await getTokenButton(page).click();
    await signInAndApprove(page);
    await page.waitForURL('http://127.0.0.1:4173/**');
    await expect(accessToken(page)).not.toHaveValue('');
    await expect(accessToken(page)).toBeInViewport();
    await expect(getTokenButton(page)).toBeInViewport();
    await expect(page.getByTestId('result-announcement')).toHaveText(/^Token received/);
    // the summary names the token request, not the JWKS read that checked the ID token after it
    await expect(page.getByTestId('exchange-summary')).toContainText('POST http://127.0.0.1:9090/token');
  });

  test('Ctrl+Shift+Enter gets a token, shown beside the button; Ctrl+Enter still sends', async ({ page }) => {
    await openApp(page);
    await expect(getTokenButton(page)).toHaveAttribute('aria-keyshortcuts', /Control\+Shift\+Enter/);
    await expect(page.getByTestId('get-token-shortcut')).toHaveText('Ctrl+Shift+Enter');
    await expect(page.getByTestId('get-token-shortcut')).toBeVisible();
    await page.keyboard.press('Control+Shift+Enter');
    await expect(accessToken(page)).not.toHaveValue('');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('region', { name: 'Response' }).getByTestId('response-status')).toContainText('200');
  });

  test('the grant select reads in words and keeps its values; Advanced says what is set inside it', async ({ page }) => {
    await openApp(page);
    const grant = page.getByLabel('Grant type');
    await expect(grant.locator('option')).toHaveText(['Authorization Code (PKCE)', 'Client Credentials', 'Refresh token', 'Device code', 'Password (legacy)', 'Token Exchange (RFC 8693)', 'JWT Bearer (RFC 7523)', 'Custom grant']);
    // the extension grants' values: their grant_type URIs, and a short id for the custom grant
    await grant.selectOption('urn:ietf:params:oauth:grant-type:token-exchange');
    await expect(page.getByLabel('Subject token', { exact: true })).toBeVisible();
    await grant.selectOption('urn:ietf:params:oauth:grant-type:jwt-bearer');
    await expect(page.getByLabel('Assertion', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Subject token', { exact: true })).toHaveCount(0);
    await grant.selectOption('custom');
    await expect(page.getByRole('textbox', { name: 'Custom grant_type' })).toBeVisible();
    await expect(page.getByLabel('Assertion', { exact: true })).toHaveCount(0);
    // regression: a field labelled "Custom grant type" made getByLabel('Grant type') match two controls
    await grant.selectOption('client_credentials');
    await expect(page.getByRole('textbox', { name: 'Custom grant_type' })).toHaveCount(0);
    await expect(grant).toHaveValue('client_credentials');
    // only what the grant uses: no Redirect URI or PKCE outside Authorization Code
    await expect(page.getByRole('textbox', { name: 'Redirect URI' })).toHaveCount(0);
    await expect(page.getByLabel('Code challenge method')).toHaveCount(0);
    const summary = page.getByTestId('advanced').locator('summary').first();
    await expect(summary).not.toContainText('DPoP');
    await openAdvanced(page);
    await page.getByRole('checkbox', { name: /Use DPoP/ }).check();
    await expect(summary).toContainText('DPoP');
    await grant.selectOption('authorization_code');
    await expect(page.getByRole('textbox', { name: 'Redirect URI' })).toBeVisible();
  });

  test('one place per exchange: a summary line in the result, the full exchange on demand and in the log; a failure opens it', async ({ page }) => {
    await openApp(page);
    await getToken(page);
    const result = page.getByRole('region', { name: 'Result' });
    await expect(result.getByTestId('exchange-summary')).toContainText('200');
    // closed: the request is not shown a second time in the result pane
    await expect(result.getByRole('region', { name: /^Requests sent/ })).toHaveCount(0);
    await showSent(page);
    await expect(result.getByLabel('Token request request')).toContainText('POST http://127.0.0.1:9090/token');
    await expect(page.getByRole('region', { name: 'Exchange log' })).toContainText('/token');
    // a refusal: what was sent and answered is opened at once
    await page.reload();
    await fillClientCredentials(page, { clientSecret: 'wrong' });
    await getTokenButton(page).click();
    await expect(result.getByRole('alert')).toBeVisible();
    await expect(result.getByLabel('Token request response')).toContainText('HTTP 401');
  });

  test('the header: one switcher for presets and saved credentials, the environment, Share link and a menu', async ({ page }) => {
    await openApp(page);
    await page.getByRole('textbox', { name: 'Credential name' }).fill('Header one');
    await page.getByRole('button', { name: 'Save credential' }).click();
    await expect(page.getByTestId('library-notice')).toContainText('Saved “Header one”');
    const switcher = page.getByLabel('Preset');
    await switcher.selectOption({ label: 'Local demo: Device flow' });
    await expect(page.getByLabel('Grant type')).toHaveValue('urn:ietf:params:oauth:grant-type:device_code');
    await switcher.selectOption({ label: 'Header one' });
    await expect(page.getByTestId('open-credential')).toContainText('Header one');
    await expect(page.getByLabel('Grant type')).toHaveValue('client_credentials');

    const header = page.getByRole('banner');
    await page.getByRole('textbox', { name: 'New environment name' }).fill('staging');
    await page.getByRole('button', { name: 'Add environment' }).click();
    await expect(header.getByLabel('Environment')).toHaveValue(/.+/);
    await expect(page.getByTestId('environment-editing')).toContainText('Editing “staging”');
    await header.getByLabel('Environment').selectOption({ label: '(none)' });
    await expect(page.getByTestId('environment-editing')).toContainText('No environment is active');

    // the menu: theme, secret protection, export and import; Escape closes it
    await expect(page.getByLabel('Theme')).toBeHidden();
    await openMenu(page);
    await expect(page.getByLabel('Theme')).toBeVisible();
    await expect(page.getByText('Secret protection:')).toBeVisible();
    await expect(page.getByText('Export and import')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByLabel('Theme')).toBeHidden();
    await expect(page.getByRole('button', { name: 'Menu', exact: true })).toBeFocused();
  });

  test('saved credentials are compact rows: the name opens it, one overflow menu for Rename, Duplicate and Delete, a dot for unsaved edits', async ({ page }) => {
    await openApp(page);
    for (const name of ['Row one', 'Row two']) {
      await page.getByRole('textbox', { name: 'Credential name' }).fill(name);
      await page.getByRole('button', { name: 'Save credential' }).click();
      await expect(page.getByTestId('library-notice')).toContainText(`Saved “${name}”`);
      if (name === 'Row one') await page.getByRole('button', { name: 'New credential' }).click();
    }
    const list = page.getByRole('list', { name: 'Saved credentials list' });
    const rowOne = list.getByRole('listitem').filter({ hasText: 'Row one' });
    // compact: a row is a name line and a detail line
    expect((await rowOne.boundingBox())!.height).toBeLessThan(80);
    await expect(list.getByRole('button', { name: 'Rename Row one' })).toBeHidden();
    await tileActions(page, 'Row one');
    await expect(list.getByRole('button', { name: 'Rename Row one' })).toBeVisible();
    await expect(list.getByRole('button', { name: 'Duplicate Row one' })).toBeVisible();
    await expect(list.getByRole('button', { name: 'Delete Row one' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(list.getByRole('button', { name: 'Rename Row one' })).toBeHidden();

    await list.getByRole('button', { name: 'Open Row one' }).click();
    await expect(page.getByTestId('open-credential')).toContainText('Row one');
    await page.getByRole('textbox', { name: 'Scope' }).fill('api:read api:write');
    await expect(rowOne.getByTestId('tile-unsaved')).toBeVisible();
    await expect(list.getByRole('listitem').filter({ hasText: 'Row two' }).getByTestId('tile-unsaved')).toHaveCount(0);
  });

  test('the drawer height and the collapsed sidebar are remembered', async ({ page }) => {
    await openApp(page);
    const handle = page.getByRole('separator', { name: 'Exchange log height' });
    const before = Number(await handle.getAttribute('aria-valuenow'));
    await handle.focus();
    await page.keyboard.press('ArrowUp');
    await expect(handle).toHaveAttribute('aria-valuenow', String(before + 40));
    const sidebar = page.getByRole('complementary', { name: 'Credentials and variables' });
    await expect(sidebar).toBeVisible();
    await page.getByRole('button', { name: 'Sidebar' }).click();
    await expect(sidebar).toBeHidden();
    await page.reload();
    await expect(getTokenButton(page)).toBeEnabled();
    await expect(page.getByRole('separator', { name: 'Exchange log height' })).toHaveAttribute('aria-valuenow', String(before + 40));
    await expect(page.getByRole('button', { name: 'Sidebar' })).toHaveAttribute('aria-expanded', 'false');
    await page.getByRole('button', { name: 'Sidebar' }).click();
    await expect(sidebar).toBeVisible();
  });
});

test.describe('on a phone (390 px, touch)', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the app does not scroll sideways; tapping Get token brings the token into view; no keyboard hints', async ({ page }) => {
    await openApp(page);
    expect(await sidewaysOverflow(page)).toBe(0);
    await expect(page.getByTestId('get-token-shortcut')).toBeHidden();
    await expect(page.getByText('Ctrl+Enter sends.')).toBeHidden();
    // scrolled down into the form, the action bar is still there
    await page.getByRole('textbox', { name: 'Client ID' }).scrollIntoViewIfNeeded();
    await expect(getTokenButton(page)).toBeInViewport();
    await getTokenButton(page).tap();
    await expect(accessToken(page)).not.toHaveValue('');
    await expect(accessToken(page)).toBeInViewport();
    expect(await sidewaysOverflow(page)).toBe(0);
  });

  test('the embedded view does not scroll sideways', async ({ page }) => {
    await page.goto('./?embed=1&preset=local-demo&tutorial=1');
    await expect(getTokenButton(page)).toBeEnabled();
    expect(await sidewaysOverflow(page)).toBe(0);
    await getTokenButton(page).tap();
    await expect(accessToken(page)).not.toHaveValue('');
    expect(await sidewaysOverflow(page)).toBe(0);
  });
});
