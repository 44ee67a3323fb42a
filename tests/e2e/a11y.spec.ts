// Accessibility: every view passes axe-core in the light and the dark theme, the Theme picker
// overrides the system setting, focus is visible, and the whole flow works by keyboard alone.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { HOSTILE, fillClientCredentials, openApp, responseStatus, showSent, openMenu } from './fixtures';

/** axe's violations, as short lines naming the rule and the elements. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.passes.map((rule) => rule.id)).toContain('color-contrast'); // axe did run, contrast included
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const VIEWS: { name: string; open: (page: Page) => Promise<void> }[] = [
  { name: 'initial page', open: async () => {} },
  ...(['api_key', 'basic', 'bearer'] as const).map((type) => ({
    name: `auth type ${type}`,
    open: async (page: Page) => {
      await page.getByLabel('Auth type').selectOption(type);
    },
  })),
  {
    name: 'client-credentials token, exchanges revealed, test response',
    open: async (page) => {
      await page.getByRole('button', { name: 'Get token' }).click();
      await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
      await page.getByRole('button', { name: 'Send' }).click();
      await expect(responseStatus(page)).toContainText('200');
      await showSent(page);
      await showSent(page, /^Test request exchange/);
      await page.getByRole('checkbox', { name: 'Reveal secrets' }).first().check();
    },
  },
  {
    name: 'busy: a request that never ends, Working… and Cancel, the last attempt’s exchanges marked busy',
    open: async (page) => {
      await page.getByRole('button', { name: 'Get token' }).click();
      await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
      await fillClientCredentials(page, { tokenUrl: `${HOSTILE}/never-ends` });
      await page.getByRole('button', { name: 'Get token' }).click();
      await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
      await showSent(page);
      await expect(page.getByRole('region', { name: /^Requests sent/ })).toHaveAttribute('aria-busy', 'true');
    },
  },
  {
    name: 'error alert',
    open: async (page) => {
      await fillClientCredentials(page, { clientSecret: 'wrong' });
      await page.getByRole('button', { name: 'Get token' }).click();
      await expect(page.getByRole('alert')).toBeVisible();
    },
  },
  {
    name: 'authorization code flow, done, with ID token claims',
    open: async (page) => {
      await page.getByLabel('Grant type').selectOption('authorization_code');
      await page.getByRole('textbox', { name: 'Issuer' }).fill(`${HOSTILE}/oidc/good`);
      await page.getByRole('button', { name: 'Discover' }).click();
      await expect(page.getByRole('textbox', { name: 'Token URL' })).toHaveValue(`${HOSTILE}/oidc/good/token`);
      await page.getByRole('textbox', { name: 'Client ID' }).fill('hostile-spa');
      await page.getByLabel('Client authentication', { exact: true }).selectOption('none');
      await page.getByRole('textbox', { name: 'Scope' }).fill('openid');
      await page.getByRole('button', { name: 'Get token' }).click();
      await expect(page.getByTestId('authorization-step')).toContainText('Done');
      await expect(page.getByRole('table', { name: 'ID token claims' })).toBeVisible();
    },
  },
  {
    name: 'saved credential tile, variables, secret protection and export opened, share link',
    open: async (page) => {
      await page.getByRole('textbox', { name: 'Credential name' }).fill('Demo');
      await page.getByRole('button', { name: 'Save credential' }).click();
      await expect(page.getByRole('button', { name: 'Open Demo' })).toBeVisible();
      await page.getByRole('textbox', { name: 'New environment name' }).fill('local');
      await page.getByRole('button', { name: 'Add environment' }).click();
      await page.getByRole('textbox', { name: 'Variable 1 name' }).fill('base');
      await openMenu(page);
      await page.getByText('Secret protection:').click();
      await page.getByText('Export and import').click();
      await page.getByRole('button', { name: 'Share link' }).click();
      await expect(page.getByRole('textbox', { name: 'Share link' })).toBeVisible();
    },
  },
  {
    name: 'Import: an OpenAPI document’s schemes, scopes and operations to choose from, and a refused text',
    open: async (page) => {
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      const box = page.getByRole('textbox', { name: 'Import from text' });
      await box.fill('wget https://example.com');
      await page.getByRole('button', { name: 'Import text' }).click();
      await expect(page.getByRole('alert')).toContainText('Nothing was changed.');
      await box.fill('openapi: 3.1.0\ninfo: {title: A, version: "1"}\nservers: [{url: "https://api.example.com"}]\npaths: {/me: {get: {operationId: me}}}\ncomponents:\n  securitySchemes:\n    o: {type: oauth2, flows: {clientCredentials: {tokenUrl: /token, scopes: {read: Read}}}}\n');
      await page.getByRole('button', { name: 'Import text' }).click();
      await expect(page.getByRole('checkbox', { name: /read/ })).toBeVisible();
    },
  },
  {
    name: 'device flow, waiting for approval',
    open: async (page) => {
      await page.getByLabel('Preset').selectOption({ label: 'Local demo: Device flow' });
      await page.getByRole('button', { name: 'Get token' }).click();
      await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
    },
  },
];

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`axe finds no violations (${colorScheme} system theme)`, () => {
    test.use({ colorScheme });
    for (const view of VIEWS) {
      test(view.name, async ({ page }) => {
        await openApp(page);
        await view.open(page);
        expect(await violations(page)).toEqual([]);
      });
    }
  });
}

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('the Theme picker overrides the system setting, is remembered, and System follows it again', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openApp(page);
  const light = await background(page);
  await openMenu(page);
  const theme = page.getByLabel('Theme');
  await expect(theme).toHaveValue('system');
  await theme.selectOption('dark');
  const dark = await background(page);
  expect(dark).not.toBe(light);
  expect(await violations(page)).toEqual([]);
  await page.reload();
  await openMenu(page);
  await expect(page.getByLabel('Theme')).toHaveValue('dark');
  expect(await background(page)).toBe(dark);
  await page.getByLabel('Theme').selectOption('system');
  expect(await background(page)).toBe(light);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background(page)).toBe(dark);
  await page.getByLabel('Theme').selectOption('light');
  expect(await background(page)).toBe(light);
});

/** Presses Tab until `target` has the focus (at most 80 times), checking the focus is visible. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) {
      const outline = await target.evaluate((el) => getComputedStyle(el).outlineStyle);
      expect(outline, 'a visible focus ring').not.toBe('none');
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target} with Tab`);
}

test('keyboard only: pick a theme, fill the form, Enter on Get token, Ctrl+Enter sends, Space toggles a switch', async ({ page }) => {
  await openApp(page);
  await tabTo(page, page.getByRole('button', { name: 'Menu', exact: true }));
  await page.keyboard.press('Enter'); // opens the menu; its first control is the Theme picker
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Theme')).toBeFocused();
  await page.keyboard.press('ArrowDown'); // a focused select changes with the arrow keys
  await expect(page.getByLabel('Theme')).toHaveValue('light');
  const tokenUrl = page.getByRole('textbox', { name: 'Token URL' });
  await tabTo(page, tokenUrl);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('http://127.0.0.1:9090/token');
  await tabTo(page, page.getByRole('textbox', { name: 'Scope' }));
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('api:read');
  await tabTo(page, page.getByRole('button', { name: 'Get token' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');

  await tabTo(page, page.getByRole('textbox', { name: 'Request URL' }));
  await page.keyboard.press('Control+Enter');
  await expect(responseStatus(page)).toContainText('200');

  const sent = page.locator('details.sent summary').first();
  await tabTo(page, sent);
  await page.keyboard.press('Enter'); // opens Requests sent
  const reveal = page.getByRole('checkbox', { name: 'Reveal secrets' }).first();
  await tabTo(page, reveal);
  await page.keyboard.press('Space');
  await expect(reveal).toBeChecked();

});
