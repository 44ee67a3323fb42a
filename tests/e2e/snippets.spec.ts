import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { DEMO, openApp } from './fixtures';

const SECRET = 'demo-cc-secret';

/** Runs a snippet with the variables it reads set, and returns what it printed (without colours: the runner forces them on). */
function run(command: string, args: string[], env: Record<string, string>): string {
  const { FORCE_COLOR: _, ...inherited } = process.env;
  return execFileSync(command, args, { env: { ...inherited, NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 15_000 });
}

async function snippet(page: Page, language: 'curl' | 'JavaScript' | 'Python', which: 'Token request' | 'Test request'): Promise<string> {
  const panel = page.getByRole('region', { name: 'Code snippets' });
  await panel.getByRole('radio', { name: language }).check();
  return page.getByRole('textbox', { name: `${which} snippet` }).inputValue();
}

test('client-credentials snippets in curl, JavaScript and Python get a token from the demo provider', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
  await page.getByRole('region', { name: 'Exchange log' }).getByRole('button', { name: 'Code snippets' }).click();

  const curl = await snippet(page, 'curl', 'Token request');
  expect(curl).toMatch(/^curl -X POST 'http:\/\/127\.0\.0\.1:9090\/token'/);
  // as the page sent them: form-encoded (Basic encoding's default, RFC 6749 §2.3.1), the secret encoded at run time
  expect(curl).toContain(`-u 'demo%2Dcc:'"$(printf '%s' "$CLIENT_SECRET" | od `);
  expect(curl).not.toContain(SECRET);
  await expect(page.getByRole('region', { name: 'Code snippets' })).toContainText('Set first: CLIENT_SECRET');
  const fromCurl = JSON.parse(run('sh', ['-c', `${curl} --silent`], { CLIENT_SECRET: SECRET })) as Record<string, unknown>;
  expect(fromCurl).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });

  const python = await snippet(page, 'Python', 'Token request');
  expect(python).toContain('os.environ["CLIENT_SECRET"]');
  expect(python).not.toContain(SECRET);
  const fromPython = run('python3', ['-c', python], { CLIENT_SECRET: SECRET });
  expect(fromPython).toMatch(/^200 \{.*"access_token":"/);

  const javascript = await snippet(page, 'JavaScript', 'Token request');
  expect(javascript).toContain('process.env.CLIENT_SECRET');
  expect(javascript).not.toContain(SECRET);
  const fromNode = run('node', ['--input-type=module', '-e', javascript], { CLIENT_SECRET: SECRET });
  expect(fromNode).toMatch(/^200 \{.*"access_token":"/);

  // with the secret asked for, it is in the snippet and runs as is
  await page.getByRole('checkbox', { name: 'Include secrets in snippets' }).check();
  const revealed = await snippet(page, 'curl', 'Token request');
  expect(revealed).toContain(`-u 'demo%2Dcc:demo%2Dcc%2Dsecret'`);
  expect(JSON.parse(run('sh', ['-c', `${revealed} --silent`], {}))).toMatchObject({ access_token: expect.any(String) });
});

test('the test request snippet reads the access token from ACCESS_TOKEN', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Get token' }).click();
  const accessToken = await page.getByRole('textbox', { name: 'Access token' });
  await expect(accessToken).not.toHaveValue('');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('region', { name: 'Response' }).getByTestId('response-status')).toContainText('200');
  await page.getByRole('button', { name: 'Code snippets' }).click();
  const token = await accessToken.inputValue();
  const curl = await snippet(page, 'curl', 'Test request');
  expect(curl).toContain(`'authorization: Bearer '"$ACCESS_TOKEN"`);
  expect(curl).not.toContain(token);
  const body = JSON.parse(run('sh', ['-c', `${curl} --silent`], { ACCESS_TOKEN: token })) as Record<string, unknown>;
  expect(body).toMatchObject({ authenticated: true, client_id: 'demo-cc' });
  expect(curl).toContain(`${DEMO}/api/me`);
});

test('Download Postman collection: secrets only when asked, and the file imports back into a working setup (issue 16)', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
  await page.getByRole('region', { name: 'Exchange log' }).getByRole('button', { name: 'Code snippets' }).click();
  const panel = page.getByRole('region', { name: 'Code snippets' });
  const downloaded = async () => {
    const downloading = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Download Postman collection' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.postman_collection\.json$/);
    return readFile((await download.path())!, 'utf8');
  };
  const without = await downloaded();
  expect(without).not.toContain('demo-cc-secret');
  expect(JSON.parse(without).auth.oauth2).toContainEqual({ key: 'clientSecret', value: '{{client_secret}}', type: 'string' });
  await panel.getByRole('checkbox', { name: 'Include secrets in snippets' }).check();
  const withSecrets = await downloaded();
  expect(withSecrets).toContain('demo-cc-secret');

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('textbox', { name: 'Import from text' }).fill(withSecrets);
  await page.getByRole('button', { name: 'Import text' }).click();
  await page.getByRole('button', { name: 'Use this scheme' }).click();
  await expect(page.getByRole('textbox', { name: 'Client ID' })).toHaveValue('demo-cc');
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('region', { name: 'Response' }).getByTestId('response-status')).toContainText('200');
});
