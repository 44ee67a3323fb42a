import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { JWK } from 'jose';
import { DEMO, openApp, responseJson, responseStatus, showSent } from './fixtures';

/** Fills the rows of the Grant parameters editor (custom grant) in order. */
async function grantParameters(page: Page, rows: [string, string][]): Promise<void> {
  for (const [index, [key, value]] of rows.entries()) {
    await page.getByRole('button', { name: 'Add grant parameters row' }).click();
    await page.getByLabel(`Grant parameters name ${index + 1}`).fill(key);
    await page.getByLabel(`Grant parameters value ${index + 1}`).fill(value);
  }
}

test.describe('custom grant against the demo provider', () => {
  test('any grant_type with free parameters: a token, then the server’s refusals explained', async ({ page }) => {
    await openApp(page);
    await page.getByLabel('Preset').selectOption({ label: 'Local demo: Password grant (legacy)' });
    await page.getByLabel('Grant type').selectOption({ label: 'Custom grant' });
    await expect(page.getByRole('textbox', { name: 'Username' })).toHaveCount(0);
    await page.getByRole('textbox', { name: 'Custom grant_type' }).fill('password');
    await grantParameters(page, [['username', 'demo-user'], ['password', 'wrong']]);

    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('alert')).toContainText('invalid_grant');
    await expect(page.getByRole('alert')).toContainText('wrong username or password');

    await page.getByLabel('Grant parameters value 2').fill('demo-password');
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
    await showSent(page);
    await expect(page.getByLabel('Token request request')).toContainText('grant_type=password');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseStatus(page)).toContainText('200');
    expect(await responseJson(page)).toMatchObject({ sub: 'demo-user' });

    await page.getByRole('textbox', { name: 'Custom grant_type' }).fill('urn:example:params:oauth:grant-type:unknown');
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('alert')).toContainText('unsupported_grant_type');
  });
});

test.describe('Token Exchange (RFC 8693) against the demo provider', () => {
  test('the current access token exchanged for a JWT for the API; a wrong subject token explained', async ({ page }) => {
    await openApp(page);
    await page.getByLabel('Preset').selectOption({ label: 'Local demo: Password grant (legacy)' });
    await page.getByRole('textbox', { name: 'Scope' }).fill('api:read');
    await page.getByRole('button', { name: 'Get token' }).click();
    const access = page.getByRole('textbox', { name: 'Access token' });
    await expect(access).not.toHaveValue('');
    const subject = await access.inputValue();

    await page.getByLabel('Preset').selectOption({ label: 'Local demo: Token Exchange (RFC 8693)' });
    await expect(page.getByLabel('Grant type')).toHaveValue('urn:ietf:params:oauth:grant-type:token-exchange');
    await expect(page.getByRole('textbox', { name: 'Custom grant_type' })).toHaveCount(0);
    await page.getByLabel('Subject token', { exact: true }).fill('not-a-token-of-this-server');
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('alert')).toContainText('invalid_request');
    await expect(page.getByRole('alert')).toContainText('subject_token is unknown, expired or revoked');

    await page.getByRole('button', { name: 'Use current access token' }).click();
    await page.getByLabel('Audience').fill('http://127.0.0.1:9090/api');
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(access).not.toHaveValue(subject);
    await expect(access).not.toHaveValue('');
    const issued = page.getByText('issued_token_type', { exact: true });
    await expect(issued.locator('xpath=following-sibling::dd[1]')).toHaveText('urn:ietf:params:oauth:token-type:access_token');
    await showSent(page);
    const sent = page.getByLabel('Token request request');
    await expect(sent).toContainText('grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange');
    await expect(sent).toContainText('subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseStatus(page)).toContainText('200');
    expect(await responseJson(page)).toMatchObject({ sub: 'demo-user', client_id: 'demo-exchange', scope: 'api:read', token_kind: 'jwt' });
  });
});

test.describe('JWT Bearer (RFC 7523) against the demo provider', () => {
  /** An assertion signed with the demo private_key_jwt key, as a trusted issuer would sign it. */
  async function assertion(claims: Record<string, unknown>): Promise<string> {
    const { SignJWT, importJWK } = await import('jose');
    const jwk = JSON.parse(readFileSync(new URL('../../demo/keys/demo-pkjwt.private.jwk.json', import.meta.url), 'utf8')) as JWK;
    return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: jwk.kid! }).setIssuedAt().setExpirationTime('2m').sign(await importJWK(jwk, 'ES256'));
  }

  test('a pasted assertion for a token; one for another audience refused with the server’s reason', async ({ page }) => {
    await openApp(page);
    await page.getByLabel('Preset').selectOption({ label: 'Local demo: JWT Bearer (RFC 7523)' });
    await expect(page.getByLabel('Grant type')).toHaveValue('urn:ietf:params:oauth:grant-type:jwt-bearer');
    await expect(page.getByLabel('Subject token', { exact: true })).toHaveCount(0);
    const field = page.getByLabel('Assertion', { exact: true });
    await field.fill(await assertion({ iss: 'demo-pkjwt', sub: 'demo-user', aud: 'https://elsewhere.example' }));
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('alert')).toContainText('invalid_grant');
    await expect(page.getByRole('alert')).toContainText('unexpected "aud" claim value');

    await field.fill(await assertion({ iss: 'demo-pkjwt', sub: 'demo-admin', aud: DEMO }));
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
    const pasted = await page.getByRole('textbox', { name: 'Access token' }).inputValue();

    // signed in the browser with the key the preset filled (the demo private_key_jwt key)
    await page.getByText('Sign an assertion here').click();
    await page.getByRole('textbox', { name: 'Assertion issuer' }).fill('demo-pkjwt');
    await page.getByRole('textbox', { name: 'Assertion subject' }).fill('demo-admin');
    const before = await field.inputValue();
    await page.getByRole('button', { name: 'Sign assertion' }).click();
    await expect(field).not.toHaveValue(before);
    await expect(field).toHaveValue(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue(pasted);
    await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
    await showSent(page);
    await expect(page.getByLabel('Token request request')).toContainText('grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseStatus(page)).toContainText('200');
    expect(await responseJson(page)).toMatchObject({ sub: 'demo-admin', client_id: 'demo-exchange', scope: 'api:read' });
  });
});
