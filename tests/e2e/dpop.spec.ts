import { expect, test } from '@playwright/test';
import { DEMO, openApp, responseJson, responseStatus, openAdvanced, showSent } from './fixtures';

test('DPoP: a sender-constrained token, the server nonce retried, proofs on test requests', async ({ page }) => {
  await openApp(page);
  await openAdvanced(page);
  await page.getByRole('checkbox', { name: /Use DPoP/ }).check();
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
  await expect(page.getByTestId('token-type')).toContainText('dpop');
  // the demo provider demands a nonce: the first proof is refused with use_dpop_nonce, the retry carries it
  await showSent(page);
  const requests = page.getByRole('region', { name: /Requests sent/ }).getByRole('article');
  await expect(requests).toHaveCount(2);
  await expect(requests.first()).toContainText('use_dpop_nonce');
  await expect(requests.nth(1)).toContainText('HTTP 200');
  await expect(requests.nth(1)).toContainText(/dpop: eyJ/i);
  // the access token decodes with its key binding (cnf.jkt)
  await expect(page.getByRole('table', { name: 'JWT claims' }).getByRole('row', { name: /^cnf/ })).toContainText('jkt');

  await page.getByRole('textbox', { name: 'Request URL' }).fill(`${DEMO}/api/me`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(responseStatus(page)).toContainText('200');
  expect(await responseJson(page)).toMatchObject({ via: 'dpop', client_id: 'demo-cc' });
  await showSent(page, /^Test request exchange/);
  await expect(page.getByLabel('Test request request').last()).toContainText(/authorization: DPoP /i);
});

test('a DPoP-bound token pasted as a Bearer token is refused with a challenge', async ({ page }) => {
  await openApp(page);
  await openAdvanced(page);
  await page.getByRole('checkbox', { name: /Use DPoP/ }).check();
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
  const token = await page.getByRole('textbox', { name: 'Access token' }).inputValue();
  expect(token).not.toBe('');
  await page.getByLabel('Auth type').selectOption('bearer');
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(responseStatus(page)).toContainText('401');
  await expect(page.getByTestId('www-authenticate')).toContainText('invalid_token');
});
