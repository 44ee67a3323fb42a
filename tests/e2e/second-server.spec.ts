/**
 * The core flows against a second, independently written authorization server: Django OAuth Toolkit
 * on oauthlib (tests/support/dot-server.py), not oidc-provider. Its metadata advertises neither PKCE,
 * revocation nor introspection, it decodes form-encoded Basic credentials (RFC 6749 §2.3.1), and its
 * sign-in and consent pages are its own.
 */
import { expect, test, type Page } from '@playwright/test';
import { PEER, openAdvanced, openApp, showSent } from './fixtures';

const APP = 'http://127.0.0.1:4173/';
const accessToken = (page: Page) => page.getByRole('textbox', { name: 'Access token' });
const operationResult = (page: Page) => page.getByTestId('operation-result');

/** Points the OAuth 2.0 form at the second server through Discover, with the endpoints it does not advertise typed in. */
async function usePeer(page: Page, grant: 'client_credentials' | 'authorization_code', client: { id: string; secret: string; auth: string; scope: string }) {
  await openApp(page);
  await page.getByLabel('Auth type').selectOption('oauth2');
  await page.getByLabel('Grant type').selectOption(grant);
  await page.getByRole('textbox', { name: 'Issuer' }).fill(PEER);
  await page.getByRole('button', { name: 'Discover' }).click();
  await expect(page.getByRole('textbox', { name: 'Token URL' })).toHaveValue(`${PEER}/token/`);
  await page.getByRole('textbox', { name: 'Client ID' }).fill(client.id);
  await page.getByLabel('Client secret', { exact: true }).fill(client.secret);
  await page.getByRole('textbox', { name: 'Scope' }).fill(client.scope);
  await page.getByLabel('Client authentication').selectOption(client.auth);
  await openAdvanced(page);
  await page.getByText('Other endpoints (revocation, introspection, UserInfo, JWKS)').click();
  await page.getByRole('textbox', { name: 'Revocation URL' }).fill(`${PEER}/revoke_token/`);
  await page.getByRole('textbox', { name: 'Introspection URL' }).fill(`${PEER}/introspect/`);
  await expect(page.getByRole('textbox', { name: 'UserInfo URL' })).toHaveValue(`${PEER}/userinfo/`);
}

/** Signs in on the server's own login page and approves on its consent page. */
async function signInAndAuthorize(page: Page): Promise<void> {
  await page.getByLabel('Username').fill('peer-user');
  await page.getByLabel('Password').fill('peer-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Authorize' }).click();
}

/** The credentials the last token request's Basic header carried, as the server base64-decodes them. */
async function sentBasic(page: Page): Promise<string> {
  await showSent(page);
  const exchanges = page.getByRole('region', { name: /^Requests sent/ });
  await exchanges.getByRole('checkbox', { name: 'Reveal secrets' }).check();
  const request = (await exchanges.getByRole('group', { name: 'Token request request' }).textContent()) ?? '';
  return Buffer.from(/authorization: Basic (\S+)/i.exec(request)?.[1] ?? '', 'base64').toString('utf8');
}

const CC = { id: 'peer-cc', secret: 'peer+cc+secret', scope: 'read write' };

test.describe('Client Credentials against Django OAuth Toolkit', () => {
  test('client_secret_basic, form-encoded: the server decodes peer%2Dcc; introspect, revoke, introspect again', async ({ page }) => {
    await usePeer(page, 'client_credentials', { ...CC, auth: 'client_secret_basic' });
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(accessToken(page)).not.toHaveValue('');
    await expect(page.getByTestId('token-scope')).toHaveText(/read write/);
    await expect.poll(() => sentBasic(page)).toBe('peer%2Dcc:peer%2Bcc%2Bsecret');

    await page.getByRole('button', { name: 'Introspect' }).click();
    await expect(operationResult(page)).toContainText('"active": true');
    await expect(operationResult(page)).toContainText('"client_id": "peer-cc"');
    await page.getByRole('button', { name: 'Revoke' }).click();
    await expect(operationResult(page)).toContainText('accepted the revocation');
    await page.getByRole('button', { name: 'Introspect' }).click();
    await expect(operationResult(page)).toContainText('"active": false');
  });

  test('client_secret_post sends the secret in the form body', async ({ page }) => {
    await usePeer(page, 'client_credentials', { ...CC, auth: 'client_secret_post' });
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(accessToken(page)).not.toHaveValue('');
    await showSent(page);
    const sent = page.getByLabel('Token request request');
    await expect(sent).toContainText(`POST ${PEER}/token/`);
    await expect(sent).not.toContainText(/authorization:/i);
    await expect(sent).toContainText('client_id=peer-cc');
    await expect(sent).toContainText('client_secret=peer…(14 chars)');
  });

  test('a wrong secret is explained; the secret’s “+” sent as typed is refused, and the one-click switch to form-encoded gets the token', async ({ page }) => {
    await usePeer(page, 'client_credentials', { ...CC, secret: 'peer-cc-wrong', auth: 'client_secret_basic' });
    await page.getByRole('button', { name: 'Get token' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('invalid_client');
    await expect(alert).toContainText('The server answered HTTP 401');
    await expect(alert).toContainText('the client ID “peer-cc” went out as “peer%2Dcc”');
    await expect(accessToken(page)).toHaveValue('');

    await page.getByLabel('Client secret', { exact: true }).fill(CC.secret);
    await page.getByLabel('Basic encoding').selectOption('as_typed');
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(alert).toContainText('sent as typed, but hold % or +');
    await expect.poll(() => sentBasic(page)).toBe('peer-cc:peer+cc+secret');
    await alert.getByRole('button', { name: 'Send form-encoded (RFC 6749)' }).click();
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(accessToken(page)).not.toHaveValue('');
    await expect(alert).toHaveCount(0);
  });
});

test.describe('Authorization Code + PKCE against Django OAuth Toolkit', () => {
  const CONFIDENTIAL = { id: 'peer-confidential', secret: 'peer-confidential-secret', auth: 'client_secret_basic', scope: 'openid read' };
  const PUBLIC = { id: 'peer-spa', secret: '', auth: 'none', scope: 'openid read' };

  test('confidential client, full-page redirect: validated ID token, UserInfo, refresh with rotation, introspect and revoke', async ({ page }) => {
    await usePeer(page, 'authorization_code', CONFIDENTIAL);
    await expect(page.getByRole('textbox', { name: 'Redirect URI' })).toHaveValue(APP);
    await expect(page.getByLabel('Code challenge method')).toHaveValue('S256');
    // DOT requires PKCE (as configured) but its metadata does not say so: the page says it may be ignored
    await expect(page.getByRole('region', { name: 'Server metadata' })).toContainText('does not advertise PKCE support');
    await page.getByRole('button', { name: 'Get token' }).click();
    await page.waitForURL(`${PEER}/login/**`);
    await signInAndAuthorize(page);
    await page.waitForURL(`${APP}**`);
    await expect(accessToken(page)).not.toHaveValue('');
    expect([...new URL(page.url()).searchParams.keys()]).toEqual([]);

    const claims = page.getByRole('table', { name: 'ID token claims' });
    await expect(claims.getByRole('row', { name: /^iss/ })).toContainText(PEER);
    await expect(claims.getByRole('row', { name: /^aud/ })).toContainText('peer-confidential');
    await expect(page.getByText('signature against the server’s JWKS')).toBeVisible();
    await showSent(page);
    const sent = page.getByLabel('Token request request');
    await expect(sent).toContainText(/authorization: Basic /i);
    await expect(sent).toContainText('code_verifier=');

    await page.getByRole('button', { name: 'UserInfo' }).click();
    await expect(operationResult(page)).toContainText('"preferred_username": "peer-user"');

    const refresh = page.getByRole('textbox', { name: 'Refresh token' });
    const oldRefresh = await refresh.inputValue();
    expect(oldRefresh).not.toBe('');
    await page.getByRole('button', { name: 'Renew token' }).click();
    await expect(page.getByTestId('rotation')).toContainText('rotated');
    await expect(refresh).not.toHaveValue(oldRefresh);

    await page.getByRole('button', { name: 'Introspect' }).click();
    await expect(operationResult(page)).toContainText('"username": "peer-user"');
    await page.getByRole('button', { name: 'Revoke' }).click();
    await expect(operationResult(page)).toContainText('accepted the revocation');
    await page.getByRole('button', { name: 'Introspect' }).click();
    await expect(operationResult(page)).toContainText('"active": false');
  });

  test('public client (none), full-page redirect: no secret sent, refresh by client_id', async ({ page }) => {
    await usePeer(page, 'authorization_code', PUBLIC);
    await page.getByRole('button', { name: 'Get token' }).click();
    await page.waitForURL(`${PEER}/login/**`);
    await signInAndAuthorize(page);
    await page.waitForURL(`${APP}**`);
    await expect(accessToken(page)).not.toHaveValue('');
    await expect(page.getByRole('table', { name: 'ID token claims' }).getByRole('row', { name: /^aud/ })).toContainText('peer-spa');
    await showSent(page);
    const sent = page.getByLabel('Token request request');
    await expect(sent).toContainText('client_id=peer-spa');
    await expect(sent).toContainText('code_verifier=');
    await expect(sent).not.toContainText(/authorization:|client_secret/i);
    const refresh = page.getByRole('textbox', { name: 'Refresh token' });
    const oldRefresh = await refresh.inputValue();
    await page.getByRole('button', { name: 'Renew token' }).click();
    await expect(page.getByTestId('rotation')).toContainText('rotated');
    await expect(refresh).not.toHaveValue(oldRefresh);
  });

  for (const [name, client] of [['confidential', CONFIDENTIAL], ['public', PUBLIC]] as const) {
    test(`${name} client in a popup: the page stays in place`, async ({ page }) => {
      await usePeer(page, 'authorization_code', client);
      await page.getByLabel('Authorize in').selectOption('popup');
      const popupPromise = page.waitForEvent('popup');
      await page.getByRole('button', { name: 'Get token' }).click();
      const popup = await popupPromise;
      await popup.waitForURL(`${PEER}/login/**`);
      await signInAndAuthorize(popup);
      await popup.waitForEvent('close');
      await expect(accessToken(page)).not.toHaveValue('');
      await expect(page.getByRole('table', { name: 'ID token claims' }).getByRole('row', { name: /^aud/ })).toContainText(client.id);
      expect(page.url()).toBe(APP);
    });
  }
});
