// The workbench (issue 14): the next step and its result stay in view, on a laptop and on a phone.
import { expect, test, type Page } from '@playwright/test';
import { fillClientCredentials, openAdvanced, openApp, signInAndApprove } from './fixtures';

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
    await expect(grant.locator('option')).toHaveText(['Authorization Code (PKCE)', 'Client Credentials', 'Refresh token', 'Device code', 'Password (legacy)']);
    await grant.selectOption('client_credentials');
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
