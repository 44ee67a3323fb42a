import { expect, test } from '@playwright/test';
import { DEMO, fillClientCredentials, openApp, responseJson, responseStatus, openAdvanced, showSent } from './fixtures';

test.describe('Client Credentials against the demo provider', () => {
  test('the Local demo preset works on the first click of Get token', async ({ page }) => {
    await openApp(page);
    await expect(page.getByRole('textbox', { name: 'Token URL' })).toHaveValue(`${DEMO}/token`);
    await page.getByRole('button', { name: 'Get token' }).click();
    const accessToken = page.getByRole('textbox', { name: 'Access token' });
    await expect(accessToken).not.toHaveValue('');
    // The demo issues JWT access tokens: the view decodes them, with times as local dates.
    const claims = page.getByRole('table', { name: 'JWT claims' });
    await expect(claims.getByRole('row', { name: /^client_id/ })).toContainText('demo-cc');
    await expect(claims.getByRole('row', { name: /^aud/ })).toContainText(`${DEMO}/api`);
    await expect(claims.getByRole('row', { name: /^exp/ })).toContainText('=');
    await expect(page.getByTestId('token-type')).toHaveText('bearer');
    await expect(page.getByTestId('token-expiry')).toContainText(/expires in (9|10) min/);

    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseStatus(page)).toContainText('200');
    const body = await responseJson(page);
    expect(body).toMatchObject({ authenticated: true, via: 'bearer', token_kind: 'jwt', client_id: 'demo-cc' });
  });

  test('client_secret_basic sends the secret in the Authorization header only', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { clientAuth: 'client_secret_basic', scope: 'api:read api:write' });
    await expect(page.getByTestId('client-auth-description')).toContainText('Authorization header as HTTP Basic');
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
    await showSent(page);
    const sent = page.getByLabel('Token request request');
    await expect(sent).toContainText(`POST ${DEMO}/token`);
    await expect(sent).toContainText(/authorization: Basic /i);
    await expect(sent).not.toContainText('client_secret=');
    await expect(sent).toContainText('grant_type=client_credentials');
    await expect(page.getByRole('heading', { name: /client authentication: client_secret_basic/ })).toBeVisible();
    await expect(page.getByTestId('token-scope')).toHaveText(/api:read api:write/);
  });

  test('client_secret_post sends the secret in the form body, masked until revealed', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { clientId: 'demo-cc-post', clientSecret: 'demo-cc-post-secret', clientAuth: 'client_secret_post' });
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
    await showSent(page);
    const sent = page.getByLabel('Token request request');
    await expect(sent).not.toContainText(/authorization:/i);
    await expect(sent).toContainText('client_id=demo-cc-post');
    await expect(sent).toContainText('client_secret=demo…(19 chars)');
    await expect(sent).not.toContainText('demo-cc-post-secret');
    await page.getByRole('checkbox', { name: 'Reveal secrets' }).first().check();
    await expect(sent).toContainText('client_secret=demo-cc-post-secret');
  });

  test('none sends only the client_id (public client)', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { clientId: 'demo-cc-public', clientSecret: '', clientAuth: 'none' });
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
    await showSent(page);
    const sent = page.getByLabel('Token request request');
    await expect(sent).toContainText('client_id=demo-cc-public');
    await expect(sent).not.toContainText('client_secret');
    await expect(sent).not.toContainText(/authorization:/i);
  });

  test('json_body posts the credentials as JSON (Clazar-style) and the token works', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, {
      tokenUrl: `${DEMO}/clazar/authenticate/`,
      clientId: 'demo-clazar',
      clientSecret: 'demo-clazar-secret',
      scope: '',
      clientAuth: 'json_body',
    });
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
    await showSent(page);
    const sent = page.getByLabel('Token request request');
    await expect(sent).toContainText('content-type: application/json');
    await expect(sent).toContainText('"client_id":"demo-clazar"');
    await expect(page.getByTestId('token-expiry')).toContainText(/expires in 2[34] h/);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseStatus(page)).toContainText('200');
    expect(await responseJson(page)).toMatchObject({ token_kind: 'clazar' });
  });

  test('extra parameters and headers go into the token request', async ({ page }) => {
    await openApp(page);
    await openAdvanced(page);
    await page.getByText('Extra token-request parameters and headers').click();
    await page.getByRole('button', { name: 'Add extra parameters row' }).click();
    await page.getByLabel('Extra parameters name 1').fill('resource');
    await page.getByLabel('Extra parameters value 1').fill(`${DEMO}/api`);
    await page.getByRole('button', { name: 'Add extra headers row' }).click();
    await page.getByLabel('Extra headers name 1').fill('X-Trace');
    await page.getByLabel('Extra headers value 1').fill('abc123');
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
    await showSent(page);
    const sent = page.getByLabel('Token request request');
    await expect(sent).toContainText(`resource=${encodeURIComponent(`${DEMO}/api`)}`);
    await expect(sent).toContainText('x-trace: abc123');
  });

  test('the token survives a reload and is still sent', async ({ page }) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Get token' }).click();
    const accessToken = page.getByRole('textbox', { name: 'Access token' });
    await expect(accessToken).not.toHaveValue('');
    const before = await accessToken.inputValue();
    await page.reload();
    await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
    await expect(accessToken).toHaveValue(before);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseStatus(page)).toContainText('200');
  });
});

test('private_key_jwt: a signed client assertion instead of a secret', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption({ label: 'Local demo: private_key_jwt' });
  await expect(page.getByLabel('Client authentication')).toHaveValue('private_key_jwt');
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
  await showSent(page);
  const sent = page.getByLabel('Token request request');
  await expect(sent).toContainText('client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer');
  await expect(sent).toContainText('client_assertion=eyJ');
  await expect(sent).not.toContainText('client_secret');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(responseStatus(page)).toContainText('200');
  expect(await responseJson(page)).toMatchObject({ client_id: 'demo-pkjwt' });
});

test('private_key_jwt with a generated key: the public half is shown to register, and the provider (which does not know it) refuses', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption({ label: 'Local demo: private_key_jwt' });
  await page.getByRole('button', { name: 'Generate key pair' }).click();
  const publicKey = page.getByRole('textbox', { name: 'Public key (JWK) to register' });
  await expect(publicKey).toHaveValue(/"kty":"EC"/);
  expect(await publicKey.inputValue()).not.toContain('"d"');
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('alert')).toContainText('invalid_client');
});
