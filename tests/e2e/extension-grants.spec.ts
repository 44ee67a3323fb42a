import { expect, test, type Page } from '@playwright/test';
import { openApp, responseJson, responseStatus, showSent } from './fixtures';

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
    await page.getByRole('textbox', { name: 'Custom grant type' }).fill('password');
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

    await page.getByRole('textbox', { name: 'Custom grant type' }).fill('urn:example:params:oauth:grant-type:unknown');
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('alert')).toContainText('unsupported_grant_type');
  });
});
