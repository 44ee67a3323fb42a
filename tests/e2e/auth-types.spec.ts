import { expect, test } from '@playwright/test';
import { DEMO, openApp, responseBody, responseJson, responseStatus, showSent } from './fixtures';

test.describe('API key, Basic and Bearer test requests', () => {
  test('API key in a header', async ({ page }) => {
    await openApp(page);
    await page.getByLabel('Auth type').selectOption('api_key');
    await page.getByRole('textbox', { name: 'Header name' }).fill('X-API-Key');
    await page.getByLabel('API key', { exact: true }).fill('demo-api-key');
    await page.getByRole('textbox', { name: 'Request URL' }).fill(`${DEMO}/api/key`);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseStatus(page)).toContainText('200');
    expect(await responseJson(page)).toMatchObject({ authenticated: true, via: 'api_key_header' });
  });

  test('API key as a query parameter', async ({ page }) => {
    await openApp(page);
    await page.getByLabel('Auth type').selectOption('api_key');
    await page.getByLabel('Send API key in').selectOption('query');
    await page.getByRole('textbox', { name: 'Header name' }).fill('api_key');
    await page.getByLabel('API key', { exact: true }).fill('demo-api-key');
    await page.getByRole('textbox', { name: 'Request URL' }).fill(`${DEMO}/api/key`);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseStatus(page)).toContainText('200');
    expect(await responseJson(page)).toMatchObject({ via: 'api_key_query' });
  });

  test('a wrong API key shows the 401', async ({ page }) => {
    await openApp(page);
    await page.getByLabel('Auth type').selectOption('api_key');
    await page.getByLabel('API key', { exact: true }).fill('not-the-key');
    await page.getByRole('textbox', { name: 'Request URL' }).fill(`${DEMO}/api/key`);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseStatus(page)).toContainText('401');
    await expect(page.getByTestId('www-authenticate')).toContainText('ApiKey');
  });

  test('Basic with username and password', async ({ page }) => {
    await openApp(page);
    await page.getByLabel('Auth type').selectOption('basic');
    await page.getByRole('textbox', { name: 'Username' }).fill('demo');
    await page.getByLabel('Password', { exact: true }).fill('demo-password');
    await page.getByRole('textbox', { name: 'Request URL' }).fill(`${DEMO}/api/basic`);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseStatus(page)).toContainText('200');
    expect(await responseJson(page)).toMatchObject({ via: 'basic', user: 'demo' });
  });

  test('Close-style: an API key as the Basic user name with an empty password', async ({ page }) => {
    await openApp(page);
    await page.getByLabel('Auth type').selectOption('basic');
    await page.getByRole('textbox', { name: 'Username' }).fill('demo-close-api-key');
    await page.getByLabel('Password', { exact: true }).fill('');
    await page.getByRole('textbox', { name: 'Request URL' }).fill(`${DEMO}/close/api/v1/me/`);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseStatus(page)).toContainText('200');
    expect(await responseJson(page)).toMatchObject({ via: 'api_key_basic' });
  });

  test('Bearer with a pasted token, and the 401 challenge for a bad one', async ({ page, request }) => {
    // A token "generated in a vendor portal": here, fetched out of band from the demo provider.
    const tokenResponse = await request.post(`${DEMO}/token`, {
      form: { grant_type: 'client_credentials', scope: 'api:read' },
      headers: { authorization: `Basic ${Buffer.from('demo-cc:demo-cc-secret').toString('base64')}` },
    });
    const { access_token } = (await tokenResponse.json()) as { access_token: string };
    await openApp(page);
    await page.getByLabel('Auth type').selectOption('bearer');
    await page.getByLabel('Token', { exact: true }).fill(access_token);
    await page.getByRole('textbox', { name: 'Request URL' }).fill(`${DEMO}/api/me`);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseStatus(page)).toContainText('200');
    expect(await responseJson(page)).toMatchObject({ via: 'bearer', client_id: 'demo-cc' });

    await page.getByLabel('Token', { exact: true }).fill(`${access_token.slice(0, -4)}AAAA`);
    await page.keyboard.press('Control+Enter');
    await expect(responseStatus(page)).toContainText('401');
    const challenge = page.getByTestId('www-authenticate');
    await expect(challenge).toContainText('Bearer');
    await expect(challenge).toContainText('invalid_token');
  });

  test('GraphQL mode sends query and variables as a JSON POST', async ({ page }) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
    await page.getByRole('radio', { name: 'GraphQL' }).check();
    await page.getByRole('textbox', { name: 'Request URL' }).fill(`${DEMO}/api/graphql`);
    await page.getByRole('textbox', { name: 'Query' }).fill('query Echo($m: String!) { echo(message: $m) me { clientId } }');
    await page.getByRole('textbox', { name: 'Variables' }).fill('{"m": "hi there"}');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseStatus(page)).toContainText('200');
    expect(await responseJson(page)).toEqual({ data: { echo: 'hi there', me: { clientId: 'demo-cc' } } });
    await showSent(page, /^Test request exchange/);
    await expect(page.getByLabel('Test request request')).toContainText(`POST ${DEMO}/api/graphql`);
  });

  test('responses are shown as text, never rendered as HTML', async ({ page }) => {
    await openApp(page);
    await page.getByLabel('Auth type').selectOption('api_key');
    await page.getByLabel('API key', { exact: true }).fill('x');
    await page.getByRole('textbox', { name: 'Request URL' }).fill('http://127.0.0.1:9091/html-token');
    await page.getByLabel('Method').selectOption('POST');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseStatus(page)).toContainText('200');
    await expect(responseBody(page)).toContainText('<script>window.__pwned=1</script>');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});
