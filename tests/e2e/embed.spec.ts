import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { APP_ORIGIN, currentStep, DOCS, openDocs, received, waitForEvent } from './docs-page';
import { signInAndApprove } from './fixtures';

test.describe('Embedding in a docs page', () => {
  test('client credentials frame: compact view, the docs page gets step and token events without the token or the secret', async ({ page }) => {
    const { cc } = await openDocs(page);
    // compact: no sidebar, no exchange log panel, no footer
    await expect(cc.getByRole('complementary', { name: 'Credentials and variables' })).toHaveCount(0);
    await expect(cc.getByRole('region', { name: 'Exchange log' })).toHaveCount(0);
    await expect(cc.getByTestId('embed-events')).toHaveText(`Events (step, token, error, resize) go to ${APP_ORIGIN} only.`);
    await expect(cc.getByTestId('embed-delivery')).toHaveCount(0);
    await waitForEvent(page, 'client-credentials', { type: 'step', step: 'token-request' });

    await cc.getByRole('button', { name: 'Get token' }).click();
    const accessToken = cc.getByRole('textbox', { name: 'Access token' });
    await expect(accessToken).not.toHaveValue('');
    const token = await accessToken.inputValue();

    const event = await waitForEvent(page, 'client-credentials', { type: 'token' });
    expect(event).toEqual({
      frame: 'client-credentials',
      source: 'oauth-playground',
      type: 'token',
      token_type: 'bearer',
      scope: 'api:read',
      expires_in: expect.any(Number),
      access_token_preview: `${token.slice(0, 4)}…(${token.length} chars)`,
    });
    await waitForEvent(page, 'client-credentials', { type: 'step', step: 'api-request' });
    const everything = (await page.locator('#events').textContent()) ?? '';
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('demo-cc-secret');
  });

  test('tutorial: the current step and the diagram advance with the real exchanges', async ({ page }) => {
    const { cc } = await openDocs(page);
    const tutorial = cc.getByRole('region', { name: 'Tutorial' });
    await expect(tutorial.getByRole('listitem')).toHaveCount(4);
    await expect(currentStep(cc)).toContainText('Ask for a token');
    await expect(tutorial.getByRole('img')).toHaveAccessibleName(/Now: step 1, Ask for a token/);

    await cc.getByRole('button', { name: 'Get token' }).click();
    await expect(currentStep(cc)).toContainText('Call the API with the token');
    await expect(tutorial.getByRole('listitem').first()).toContainText('(done)');
    await expect(tutorial.getByRole('img')).toHaveAccessibleName(/Now: step 3/);

    await cc.getByRole('button', { name: 'Send' }).click();
    await expect(currentStep(cc)).toHaveCount(0);
    await expect(tutorial.getByRole('status')).toContainText('All steps done');
    const steps = (await received(page, 'client-credentials')).filter((e) => e.type === 'step').map((e) => e.step);
    expect(steps).toEqual(['token-request', 'token', 'api-request', 'api-response', 'done']);
  });

  test('PKCE frame: locked settings, sign-in in a popup, step and token events', async ({ page, context }) => {
    const { pkce } = await openDocs(page);
    await expect(pkce.getByRole('textbox', { name: 'Client ID' })).toBeDisabled();
    await expect(pkce.getByRole('textbox', { name: 'Client ID' })).toHaveValue('demo-spa');
    await expect(currentStep(pkce)).toContainText('Create the PKCE verifier');

    const popupPromise = context.waitForEvent('page');
    await pkce.getByRole('button', { name: 'Get token' }).click();
    const popup = await popupPromise;
    await expect(currentStep(pkce)).toContainText('The user signs in and approves');
    await waitForEvent(page, 'authorization-code', { type: 'step', step: 'sign-in' });
    await signInAndApprove(popup);
    await popup.waitForEvent('close');

    const accessToken = pkce.getByRole('textbox', { name: 'Access token' });
    await expect(accessToken).not.toHaveValue('');
    await expect(currentStep(pkce)).toContainText('Call the API with the token');
    const event = await waitForEvent(page, 'authorization-code', { type: 'token' });
    expect(event.token_type).toBe('bearer');
    expect(String(event.scope)).toContain('openid');
    expect(event).not.toHaveProperty('access_token');
    const everything = (await page.locator('#events').textContent()) ?? '';
    expect(everything).not.toContain(await accessToken.inputValue());
    expect(everything).not.toContain(await pkce.getByRole('textbox', { name: 'Refresh token' }).inputValue());
    // the docs page itself never moved
    expect(new URL(page.url()).pathname).toBe('/examples/docs.html');
  });

  test('PKCE frame with pop-ups blocked: the frame says so and the docs page gets a popup_blocked error event', async ({ page }) => {
    // What a browser's popup blocker does, in every frame of the docs page: window.open returns null.
    await page.addInitScript(() => {
      window.open = () => null;
    });
    const { pkce } = await openDocs(page);
    await pkce.getByRole('button', { name: 'Get token' }).click();
    await expect(pkce.getByRole('alert')).toContainText('The browser blocked the sign-in window (a popup)');
    await expect(pkce.getByRole('alert')).toContainText('Allow pop-ups for this site');
    const event = await waitForEvent(page, 'authorization-code', { type: 'error' });
    expect(event.code).toBe('popup_blocked');
    await expect(pkce.getByRole('button', { name: 'Get token' })).toBeEnabled();
  });

  test('error event: a wrong client secret is reported with its code, never with the secret', async ({ page }) => {
    const { cc } = await openDocs(page);
    const wrong = 'wrong-client-secret-7f3a9c';
    await cc.getByLabel('Client secret', { exact: true }).fill(wrong);
    await cc.getByRole('button', { name: 'Get token' }).click();
    await expect(cc.getByRole('alert')).toBeVisible();
    const event = await waitForEvent(page, 'client-credentials', { type: 'error' });
    expect(event.code).toBe('invalid_client');
    expect(event.status).toBe(401);
    expect((await page.locator('#events').textContent()) ?? '').not.toContain(wrong);
    await waitForEvent(page, 'client-credentials', { type: 'step', step: 'token', failed: true });
  });

  test('token delivery: only when the link asks, and the frame says so', async ({ page }) => {
    const { cc } = await openDocs(page, '?deliver-token=1');
    await expect(cc.getByTestId('embed-delivery')).toHaveText(`This page will hand the token to ${APP_ORIGIN}.`);
    await cc.getByRole('button', { name: 'Get token' }).click();
    const accessToken = cc.getByRole('textbox', { name: 'Access token' });
    await expect(accessToken).not.toHaveValue('');
    const event = await waitForEvent(page, 'client-credentials', { type: 'token' });
    expect(event.access_token).toBe(await accessToken.inputValue());
    expect((await page.locator('#events').textContent()) ?? '').not.toContain('demo-cc-secret');
  });

  test('a docs page on another site receives the events at its own origin; the popup reports back across the storage partition', async ({ page, context }) => {
    // localhost and 127.0.0.1 are different sites: the frames are cross-site, as on a real docs host.
    await page.goto(`http://localhost:4173/${DOCS}?app=${encodeURIComponent(`${APP_ORIGIN}/`)}&deliver-token=1`);
    const cc = page.frameLocator('#cc-frame');
    await expect(cc.getByTestId('embed-delivery')).toHaveText('This page will hand the token to http://localhost:4173.');
    await expect(cc.getByRole('button', { name: 'Get token' })).toBeEnabled();
    await cc.getByRole('button', { name: 'Get token' }).click();
    const accessToken = cc.getByRole('textbox', { name: 'Access token' });
    await expect(accessToken).not.toHaveValue('');
    const event = await waitForEvent(page, 'client-credentials', { type: 'token' });
    expect(event.access_token).toBe(await accessToken.inputValue());

    // The framed playground's storage and BroadcastChannel are partitioned under localhost; the popup
    // (a top-level 127.0.0.1 window) hands the response to its opener with postMessage instead.
    const pkce = page.frameLocator('#pkce-frame');
    const popupPromise = context.waitForEvent('page');
    // By keyboard, as a keyboard user would: a mouse click into this cross-process frame, below the
    // fold, was now and then lost on the way in (no handler ran: neither a popup nor the blocked-popup
    // alert), while Playwright reported it done. Key presses go to the focused frame.
    await pkce.getByRole('button', { name: 'Get token' }).press('Enter');
    const popup = await popupPromise;
    await signInAndApprove(popup);
    await popup.waitForEvent('close');
    const pkceToken = pkce.getByRole('textbox', { name: 'Access token' });
    await expect(pkceToken).not.toHaveValue('');
    const pkceEvent = await waitForEvent(page, 'authorization-code', { type: 'token' });
    expect(pkceEvent.access_token).toBe(await pkceToken.inputValue());
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the locked embed view with its tutorial passes axe (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto('./?embed=1&preset=local-demo&lock=1&tutorial=1');
      await page.getByRole('button', { name: 'Get token' }).click();
      await expect(currentStep(page)).toContainText('Call the API');
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }

  test('tutorial mode outside embed: the full page with the Tutorial panel, no events', async ({ page }) => {
    await page.goto('./?tutorial=1');
    await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
    await expect(page.getByRole('complementary', { name: 'Credentials and variables' })).toBeVisible();
    const tutorial = page.getByRole('region', { name: 'Tutorial' });
    await expect(tutorial.locator('li[aria-current="step"]')).toContainText('Ask for a token');
    await expect(page.getByTestId('embed-events')).toHaveCount(0);
  });
});
