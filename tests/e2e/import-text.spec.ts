// Issue 16: `Import` → `Import from text`: a curl command fills the settings, which then work.
import { expect, test } from '@playwright/test';
import { DEMO, HOSTILE, getToken, openApp, responseStatus, signInAndApprove } from './fixtures';

const CURL = `curl -s -X POST '${DEMO}/token' \\
  -u 'demo-cc-opaque:demo-cc-opaque-secret' \\
  -H 'Content-Type: application/x-www-form-urlencoded' \\
  -d grant_type=client_credentials -d scope=api:read`;

test('a pasted curl token request fills the settings and gets a token from the demo', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('textbox', { name: 'Import from text' }).fill(CURL);
  await page.getByRole('button', { name: 'Import text' }).click();
  const result = page.getByTestId('import-result');
  await expect(result).toContainText('Filled: Auth type, Token URL, Grant type, Client ID, Client secret, Client authentication, Basic encoding, Scope.');
  await expect(result).toContainText('Ignored: -s.');
  await expect(result).toContainText('Requests will go to: 127.0.0.1:9090');
  await expect(page.getByRole('textbox', { name: 'Import from text' })).toHaveValue(''); // the secret is in the form now, not left in the box
  await expect(page.getByRole('textbox', { name: 'Token URL' })).toHaveValue(`${DEMO}/token`);
  await expect(page.getByRole('textbox', { name: 'Client ID' })).toHaveValue('demo-cc-opaque');
  await expect(page.getByLabel('Client secret', { exact: true })).toHaveValue('demo-cc-opaque-secret');
  await expect(page.getByLabel('Basic encoding')).toHaveValue('as_typed'); // what curl -u sent
  expect(await getToken(page)).not.toBe('');
});

test('an import while a saved credential is open opens a new unsaved one; bad text changes nothing', async ({ page }) => {
  await openApp(page);
  await page.getByRole('textbox', { name: 'Credential name' }).fill('Kept');
  await page.getByRole('button', { name: 'Save credential' }).click();
  await expect(page.getByTestId('library-notice')).toContainText('Saved “Kept”');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const box = page.getByRole('textbox', { name: 'Import from text' });

  await box.fill(`curl -d 'grant_type=client_credentials ${DEMO}/token`);
  await page.getByRole('button', { name: 'Import text' }).click();
  await expect(page.getByRole('alert')).toContainText('unclosed \' quote');
  await expect(page.getByRole('alert')).toContainText('Nothing was changed.');
  await expect(page.getByRole('textbox', { name: 'Token URL' })).toHaveValue(`${DEMO}/token`);
  await expect(box).not.toHaveValue(''); // kept, to be corrected

  await box.fill(`curl ${DEMO}/api/me -H 'Authorization: Bearer pasted-token-1'`);
  await page.getByRole('button', { name: 'Import text' }).click();
  await expect(page.getByTestId('import-result')).toContainText('Filled: Method, Request URL, Auth type, Token.');
  await expect(page.getByLabel('Auth type')).toHaveValue('bearer');
  await expect(page.getByText('This configuration is not saved yet.')).toBeVisible();
  // the saved one is as it was
  await page.getByRole('button', { name: 'Open Kept' }).click();
  await expect(page.getByLabel('Auth type')).toHaveValue('oauth2');
  await expect(page.getByRole('textbox', { name: 'Token URL' })).toHaveValue(`${DEMO}/token`);
});

/** An OpenAPI document as a vendor would publish it, pointed at the local demo. */
const OPENAPI = `openapi: 3.1.0
info:
  title: Demo API
  version: 1.0.0
servers:
  - url: ${DEMO}
paths:
  /api/me:
    get:
      operationId: me
      security:
        - demo_oauth: [api:read]
components:
  securitySchemes:
    demo_oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: /token
          scopes:
            api:read: read the API
        authorizationCode:
          authorizationUrl: /auth
          tokenUrl: /token
          scopes:
            openid: sign-in
            api:read: read the API
`;

async function importOpenApi(page: import('@playwright/test').Page, scheme: string): Promise<void> {
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('textbox', { name: 'Import from text' }).fill(OPENAPI);
  await page.getByRole('button', { name: 'Import text' }).click();
  await expect(page.getByLabel('Security scheme')).toBeFocused(); // the choice comes into view
  await page.getByLabel('Security scheme').selectOption({ label: scheme });
  await expect(page.getByLabel('Operation')).toHaveValue('0');
  await expect(page.getByRole('checkbox', { name: /api:read/ })).toBeChecked();
  await page.getByRole('button', { name: 'Use this scheme' }).click();
  await expect(page.getByTestId('import-result')).toContainText('Requests will go to: 127.0.0.1:9090');
  await expect(page.getByRole('textbox', { name: 'Token URL' })).toHaveValue(`${DEMO}/token`);
  await expect(page.getByRole('textbox', { name: 'Request URL' })).toHaveValue(`${DEMO}/api/me`);
}

test('a pasted OpenAPI document with a client-credentials scheme fills the settings and gets a token', async ({ page }) => {
  await openApp(page);
  await importOpenApi(page, 'demo_oauth (Client Credentials)');
  await expect(page.getByRole('textbox', { name: 'Scope' })).toHaveValue('api:read');
  await page.getByRole('textbox', { name: 'Client ID' }).fill('demo-cc');
  await page.getByLabel('Client secret', { exact: true }).fill('demo-cc-secret');
  expect(await getToken(page)).not.toBe('');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(responseStatus(page)).toContainText('200');
});

test('a pasted OpenAPI document with an authorization-code scheme gets a token by a full-page redirect', async ({ page }) => {
  await openApp(page);
  await importOpenApi(page, 'demo_oauth (Authorization Code)');
  await expect(page.getByRole('textbox', { name: 'Scope' })).toHaveValue('openid api:read');
  await expect(page.getByRole('textbox', { name: 'Authorization URL' })).toHaveValue(`${DEMO}/auth`);
  await page.getByRole('textbox', { name: 'Client ID' }).fill('demo-spa');
  await page.getByRole('button', { name: 'Get token' }).click();
  await page.waitForURL(`${DEMO}/**`);
  await signInAndApprove(page);
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
});

test('a pasted Postman collection with an oauth2 auth block fills the settings and gets a token', async ({ page }) => {
  const kv = (o: Record<string, string>) => Object.entries(o).map(([key, value]) => ({ key, value, type: 'string' }));
  const collection = {
    info: { name: 'Demo collection', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    auth: { type: 'oauth2', oauth2: kv({ grant_type: 'client_credentials', accessTokenUrl: `${DEMO}/token`, clientId: 'demo-cc', clientSecret: 'demo-cc-secret', scope: 'api:read', client_authentication: 'header' }) },
    item: [{ name: 'Me', request: { method: 'GET', url: { raw: `${DEMO}/api/me` } } }],
  };
  await openApp(page);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('textbox', { name: 'Import from text' }).fill(JSON.stringify(collection, null, 2));
  await page.getByRole('button', { name: 'Import text' }).click();
  await expect(page.getByLabel('Security scheme')).toHaveValue('0');
  await expect(page.getByLabel('Operation').locator('option:checked')).toHaveText('Me (GET)');
  await page.getByRole('button', { name: 'Use this scheme' }).click();
  await expect(page.getByTestId('import-result')).toContainText('Filled: Auth type, Grant type, Token URL, Client ID, Client secret, Scope, Client authentication, Method, Request URL.');
  await expect(page.getByLabel('Client secret', { exact: true })).toHaveValue('demo-cc-secret');
  expect(await getToken(page)).not.toBe('');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(responseStatus(page)).toContainText('200');
});

test('Import from file and OpenAPI URL read the same way as pasted text; a URL that does not answer is explained', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByLabel('Import from file').setInputFiles({ name: 'token.sh', mimeType: 'text/plain', buffer: Buffer.from(CURL) });
  await expect(page.getByTestId('import-result')).toContainText('Filled: Auth type, Token URL');
  await expect(page.getByRole('textbox', { name: 'Client ID' })).toHaveValue('demo-cc-opaque');

  const url = page.getByRole('textbox', { name: 'OpenAPI URL' });
  await url.fill('http://127.0.0.1:9/openapi.json');
  await page.getByRole('button', { name: 'Fetch document' }).click();
  await expect(page.getByRole('alert')).toContainText('could not be fetched from 127.0.0.1:9');
  await url.fill(`${HOSTILE}/openapi.json`);
  await page.getByRole('button', { name: 'Fetch document' }).click();
  await expect(page.getByLabel('Security scheme').locator('option:checked')).toHaveText('cc (Client Credentials)');
  await page.getByRole('button', { name: 'Use this scheme' }).click();
  await expect(page.getByRole('textbox', { name: 'Token URL' })).toHaveValue(`${DEMO}/token`);
  await expect(page.getByRole('textbox', { name: 'Request URL' })).toHaveValue(`${DEMO}/api/me`);
});
