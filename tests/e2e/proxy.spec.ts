import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_PROXY_TOKEN, E2E_PROXY_URL } from '../support/e2e-proxy';
import { DEMO, fillClientCredentials, openApp, responseJson, responseStatus, openAdvanced, showSent } from './fixtures';
import { storedJson } from './stored';

const APP_ORIGIN = 'http://127.0.0.1:4173';
const NO_CORS_TOKEN = `${DEMO}/no-cors/token`;

test.describe('A token endpoint without CORS headers: the diagnosis, then the local proxy', () => {
  test('fails with the diagnosis, then succeeds through the proxy, test request included', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { tokenUrl: NO_CORS_TOKEN, clientAuth: 'client_secret_basic' });
    await page.getByRole('button', { name: 'Get token' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Blocked by the browser (CORS)');
    await expect(alert).toContainText(`The browser blocked the response from ${NO_CORS_TOKEN}`);
    await expect(alert).toContainText('It was the browser that refused to show the response, not the server.');
    await expect(alert).toContainText('A CORS preflight was needed because the Authorization header is not CORS-safelisted');
    await expect(alert).toContainText('Ask the provider to allow this origin');
    await expect(alert).toContainText('Turn on “Send through local proxy” (start it with npm run proxy');
    await expect(alert).toContainText('Copy the request as curl');
    await expect(page.getByRole('textbox', { name: 'Access token' })).toHaveValue('');
    await expect(page.getByRole('button', { name: 'Copy Token request as curl' })).toBeEnabled();

    await openAdvanced(page);
    await page.getByRole('checkbox', { name: 'Send through local proxy' }).check();
    await expect(page.getByRole('textbox', { name: 'Proxy URL' })).toHaveValue(E2E_PROXY_URL);
    await page.getByLabel('Proxy pairing token', { exact: true }).fill(E2E_PROXY_TOKEN);
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
    await expect(page.getByRole('alert')).toHaveCount(0);
    // The exchange shows the request as it went to the provider; the pairing token is not in it.
    await showSent(page);
    const sent = page.getByLabel('Token request request');
    await expect(sent).toContainText(`POST ${NO_CORS_TOKEN}`);
    await expect(sent).not.toContainText(E2E_PROXY_TOKEN);
    await expect(page.getByLabel('Token request response')).toContainText('HTTP 200');

    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseStatus(page)).toContainText('200');
    expect(await responseJson(page)).toMatchObject({ authenticated: true, via: 'bearer', client_id: 'demo-cc' });
  });

  test('a wrong pairing token is the proxy’s refusal, explained', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { tokenUrl: NO_CORS_TOKEN });
    await openAdvanced(page);
    await page.getByRole('checkbox', { name: 'Send through local proxy' }).check();
    await page.getByLabel('Proxy pairing token', { exact: true }).fill('not-the-token-it-printed');
    await page.getByRole('button', { name: 'Get token' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The proxy did not forward the request');
    await expect(alert).toContainText('pairing_token_invalid');
    await expect(alert).toContainText('403');
    await expect(alert).toContainText('paste the one it printed this time');
  });

  test('the pairing link fills the token, leaves the address bar at once, and the token is never stored', async ({ page }) => {
    await page.goto(`./#proxy-token=${E2E_PROXY_TOKEN}&proxy=${encodeURIComponent(E2E_PROXY_URL)}`);
    await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
    await expect(page).toHaveURL(`${APP_ORIGIN}/`);
    // It asks first, naming the proxy.
    const prompt = page.getByRole('region', { name: 'Proxy pairing' });
    await expect(prompt.getByTestId('pairing-proxy')).toContainText(E2E_PROXY_URL);
    await prompt.getByRole('button', { name: 'Pair with this proxy' }).click();
    await expect(prompt).toHaveCount(0);
    await fillClientCredentials(page, { tokenUrl: NO_CORS_TOKEN });
    await openAdvanced(page);
    await page.getByRole('checkbox', { name: 'Send through local proxy' }).check();
    await expect(page.getByLabel('Proxy pairing token', { exact: true })).toHaveValue(E2E_PROXY_TOKEN);
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');

    // Settings survive a reload; the pairing token does not (it is a secret, like the client secret).
    await expect.poll(() => storedJson(page)).toContain('"proxy":{"enabled":true');
    expect(await storedJson(page)).not.toContain(E2E_PROXY_TOKEN);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
    await expect(page.getByTestId('advanced').locator('summary').first()).toContainText('through the proxy');
    await openAdvanced(page);
    await expect(page.getByRole('checkbox', { name: 'Send through local proxy' })).toBeChecked();
    await expect(page.getByLabel('Proxy pairing token', { exact: true })).toHaveValue('');
  });
});

// Regression (issue 13, finding 4): a pairing link silently replaced the token and Proxy URL of the open saved credential.
test('finding 4: a pairing link while a saved credential is open asks, and changes its proxy only as an unsaved edit', async ({ page }) => {
  await openApp(page);
  await fillClientCredentials(page, { tokenUrl: NO_CORS_TOKEN });
  await openAdvanced(page);
  await page.getByRole('checkbox', { name: 'Send through local proxy' }).check();
  await page.getByLabel('Proxy URL', { exact: true }).fill(E2E_PROXY_URL);
  await page.getByRole('textbox', { name: 'Credential name' }).fill('Proxied');
  await page.getByRole('button', { name: 'Save credential' }).click();
  await expect(page.getByTestId('library-notice')).toContainText('Saved “Proxied”');

  const elsewhere = 'http://127.0.0.1:8799';
  await page.goto(`./#proxy-token=planted-token-0123456789&proxy=${encodeURIComponent(elsewhere)}`);
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
  const prompt = page.getByRole('region', { name: 'Proxy pairing' });
  await expect(prompt.getByTestId('pairing-proxy')).toContainText(elsewhere);
  await expect(prompt).toContainText('“Proxied”');
  // Nothing changed while it asks.
  await expect(page.getByLabel('Proxy URL', { exact: true })).toHaveValue(E2E_PROXY_URL);
  await prompt.getByRole('button', { name: 'Ignore pairing' }).click();
  await expect(page.getByLabel('Proxy URL', { exact: true })).toHaveValue(E2E_PROXY_URL);
  await expect(page.getByTestId('open-credential')).not.toContainText('Unsaved changes');

  // Paired: an unsaved change of the credential; the saved one keeps its proxy.
  await page.goto(`./#proxy-token=planted-token-0123456789&proxy=${encodeURIComponent(elsewhere)}`);
  await page.getByRole('region', { name: 'Proxy pairing' }).getByRole('button', { name: 'Pair with this proxy' }).click();
  await expect(page.getByLabel('Proxy URL', { exact: true })).toHaveValue(elsewhere);
  await expect(page.getByTestId('open-credential')).toContainText('Unsaved changes');
  await page.getByTestId('open-credential').getByRole('button', { name: 'Revert', exact: true }).click();
  await expect(page.getByLabel('Proxy URL', { exact: true })).toHaveValue(E2E_PROXY_URL);
});

test.describe('The proxy refuses what it must', () => {
  const forward = `${E2E_PROXY_URL}/forward`;
  const paired = { origin: APP_ORIGIN, 'x-proxy-token': E2E_PROXY_TOKEN, 'x-proxy-target': `${DEMO}/api/me` };

  async function refusal(request: APIRequestContext, headers: Record<string, string>, data?: string) {
    const response = await request.post(forward, { headers, ...(data === undefined ? {} : { data }) });
    expect(response.headers()['x-proxy-error']).toBeTruthy();
    return { status: response.status(), body: (await response.json()) as { error: string; error_description: string } };
  }

  test('a paired request from the app origin is forwarded (the baseline the refusals differ from)', async ({ request }) => {
    const response = await request.get(forward, { headers: paired });
    expect(response.status()).toBe(401); // the demo API's own answer: no token sent
    expect(response.headers()['x-proxy-error']).toBeUndefined();
    expect(response.headers()['www-authenticate']).toContain('Bearer');
    expect(response.headers()['access-control-allow-origin']).toBe(APP_ORIGIN);
  });

  test('another origin, no or a wrong token, a private-network target, an oversized body, a foreign Host', async ({ request }) => {
    expect(await refusal(request, { ...paired, origin: 'https://evil.example' })).toMatchObject({ status: 403, body: { error: 'origin_not_allowed' } });
    const { 'x-proxy-token': _, ...unpaired } = paired;
    expect(await refusal(request, unpaired)).toMatchObject({ status: 403, body: { error: 'pairing_token_missing' } });
    expect(await refusal(request, { ...paired, 'x-proxy-token': 'guessed-token-0123456789' })).toMatchObject({ status: 403, body: { error: 'pairing_token_invalid' } });
    for (const target of ['https://10.0.0.1/token', 'https://192.168.1.1/', 'https://169.254.169.254/latest/meta-data/']) {
      expect(await refusal(request, { ...paired, 'x-proxy-target': target }), target).toMatchObject({ status: 403, body: { error: 'target_forbidden' } });
    }
    expect(await refusal(request, { ...paired, 'x-proxy-target': `${DEMO}/token` }, 'x'.repeat(1024 * 1024 + 1))).toMatchObject({
      status: 413,
      body: { error: 'request_too_large' },
    });
    expect(await refusal(request, { ...paired, host: 'attacker.example:8787' })).toMatchObject({ status: 403, body: { error: 'host_not_allowed' } });
  });
});
