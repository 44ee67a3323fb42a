// The JWT tool (issue 15 item 6): a JWT the demo issued, checked against the demo issuer's JWKS
// (discovered), then tampered with, then held to a wrong issuer and audience. Real Chromium, the
// real oidc-provider demo, WebCrypto in the page.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO, getToken, openApp, openMenu, signInAndApprove } from './fixtures';

const tool = (page: Page) => page.getByRole('region', { name: 'JWT tool' });
const check = (page: Page, name: string) => tool(page).getByTestId(`check-${name}`);

async function expectCheck(item: Locator, status: 'pass' | 'fail' | 'not checked', values: { expected?: string | RegExp; actual?: string | RegExp; message?: string | RegExp } = {}) {
  await expect(item.locator('.status')).toContainText(status);
  if (values.expected !== undefined) await expect(item.getByTestId('expected')).toHaveText(values.expected);
  if (values.actual !== undefined) await expect(item.getByTestId('actual')).toHaveText(values.actual);
  if (values.message !== undefined) await expect(item.locator('.message')).toHaveText(values.message);
}

/** A demo access token (client credentials, RS256 JWT for `${DEMO}/api`), opened in the JWT tool from the token view. */
async function demoTokenInTool(page: Page): Promise<string> {
  await openApp(page);
  const token = await getToken(page);
  await page.getByRole('button', { name: 'Open access token in JWT tool' }).click();
  await expect(tool(page)).toBeVisible();
  await expect(tool(page).getByRole('textbox', { name: 'JWT' })).toHaveValue(token);
  return token;
}

async function verify(page: Page) {
  await tool(page).getByRole('button', { name: 'Verify JWT' }).click();
  await expect(tool(page).getByTestId('jwt-verdict')).toBeVisible();
}

test('a demo access token verifies against the demo issuer; one changed character fails the signature; a wrong issuer and audience show both values', async ({ page }) => {
  const token = await demoTokenInTool(page);
  const jwks = (await (await page.request.get(`${DEMO}/.well-known/openid-configuration`)).json()).jwks_uri as string;
  const kid = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid as string;
  await expect(tool(page).getByRole('textbox', { name: 'Issuer to verify against' })).toHaveValue(DEMO);
  await tool(page).getByRole('textbox', { name: 'Expected audience' }).fill(`${DEMO}/api`);
  await verify(page);

  await expect(tool(page).getByTestId('jwt-verdict')).toHaveText(`All checks passed; keys from the JWKS at ${jwks}.`);
  await expectCheck(check(page, 'alg'), 'pass', { actual: 'RS256' });
  await expectCheck(check(page, 'kid'), 'pass', { expected: `a RS256 key with kid "${kid}"`, actual: kid });
  await expectCheck(check(page, 'signature'), 'pass', { expected: `verifies with key "${kid}"`, actual: 'verifies' });
  await expectCheck(check(page, 'iss'), 'pass', { expected: DEMO, actual: DEMO });
  await expectCheck(check(page, 'aud'), 'pass', { expected: `${DEMO}/api`, actual: `${DEMO}/api` });
  // times: the NumericDate, the local date and how far from now
  await expectCheck(check(page, 'exp'), 'pass', { expected: 'after now − 30 s', actual: /^\d{10} = .+ \(in \d+ min\)$/ });
  await expectCheck(check(page, 'iat'), 'pass', { actual: /^\d{10} = .+ \((now|\d+ s ago)\)$/ });
  await expect(tool(page).locator('details.jwt')).toContainText('client_id');

  // one character of the signature changed
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const i = Math.floor(signature.length / 2);
  const tampered = `${header}.${payload}.${signature.slice(0, i)}${signature[i] === 'A' ? 'B' : 'A'}${signature.slice(i + 1)}`;
  await tool(page).getByRole('textbox', { name: 'JWT' }).fill(tampered);
  await expect(tool(page).getByTestId('jwt-verdict')).toHaveCount(0); // the verdict was for the other token
  await verify(page);
  await expect(tool(page).getByTestId('jwt-verdict')).toHaveText(`1 check failed; keys from the JWKS at ${jwks}.`);
  await expectCheck(check(page, 'signature'), 'fail', {
    expected: `verifies with key "${kid}"`,
    actual: 'does not verify',
    message: 'The signature does not verify: the token was changed after signing, or another key signed it.',
  });

  // the real token, held to another issuer and audience
  await tool(page).getByRole('textbox', { name: 'JWT' }).fill(token);
  await tool(page).getByRole('textbox', { name: 'Expected issuer' }).fill('https://wrong.example.com');
  await tool(page).getByRole('textbox', { name: 'Expected audience' }).fill('someone-else');
  await verify(page);
  await expect(tool(page).getByTestId('jwt-verdict')).toHaveText(`2 checks failed; keys from the JWKS at ${jwks}.`);
  await expectCheck(check(page, 'signature'), 'pass');
  await expectCheck(check(page, 'iss'), 'fail', { expected: 'https://wrong.example.com', actual: DEMO, message: 'Another issuer made this token.' });
  await expectCheck(check(page, 'aud'), 'fail', { expected: 'someone-else', actual: `${DEMO}/api`, message: 'The token is meant for another audience.' });
});

test('from the Menu: a pasted token checked against a JWKS URL; Close hides the tool and Menu brings it back as it was', async ({ page }) => {
  await openApp(page);
  const token = await getToken(page);
  await openMenu(page);
  await page.getByRole('button', { name: 'JWT tool', exact: true }).click();
  await expect(tool(page)).toBeVisible();
  await expect(tool(page).getByRole('heading', { name: 'JWT tool' })).toBeFocused();
  await tool(page).getByRole('textbox', { name: 'JWT' }).fill(token);
  await tool(page).getByRole('radio', { name: 'JWKS URL' }).check();
  await tool(page).getByRole('textbox', { name: 'JWKS URL' }).fill(`${DEMO}/jwks`);
  await verify(page);
  await expectCheck(check(page, 'signature'), 'pass');
  await expectCheck(check(page, 'iss'), 'not checked', { actual: DEMO, message: 'Not compared: no expected issuer.' });

  await tool(page).getByRole('button', { name: 'Close JWT tool' }).click();
  await expect(tool(page)).toHaveCount(0);
  await openMenu(page);
  await page.getByRole('button', { name: 'JWT tool', exact: true }).click();
  await expect(tool(page).getByRole('textbox', { name: 'JWT' })).toHaveValue(token);
});

test('an ID token from the demo sign-in opens in the JWT tool with the client as expected audience, and verifies', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Preset').selectOption({ label: 'Local demo: Authorization Code + PKCE (public client)' });
  await page.getByRole('button', { name: 'Get token' }).click();
  await page.waitForURL(`${DEMO}/**`);
  await signInAndApprove(page);
  await page.waitForURL('http://127.0.0.1:4173/**');
  await page.getByRole('button', { name: 'Open ID token in JWT tool' }).click();
  await expect(tool(page).getByRole('textbox', { name: 'Expected audience' })).toHaveValue('demo-spa');
  await verify(page);
  await expect(tool(page).getByTestId('jwt-verdict')).toHaveText(/^All checks passed; keys from the JWKS at /);
  await expectCheck(check(page, 'aud'), 'pass', { expected: 'demo-spa', actual: 'demo-spa' });
  await expectCheck(check(page, 'iss'), 'pass', { expected: DEMO, actual: DEMO });
  await expect(tool(page).locator('details.jwt')).toContainText('nonce');
});

for (const width of [1280, 390]) {
  test(`at ${width} px: no sideways scroll, and axe finds no violation (light and dark)`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: 900 });
    await demoTokenInTool(page);
    await tool(page).getByRole('textbox', { name: 'Expected audience' }).fill('someone-else');
    await verify(page);
    await expectCheck(check(page, 'aud'), 'fail');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await tool(page).screenshot({ path: testInfo.outputPath(`jwt-tool-${width}.png`) });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.passes.map((rule) => rule.id)).toContain('color-contrast');
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
  });
}
