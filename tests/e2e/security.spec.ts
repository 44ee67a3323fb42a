// Browser hardening of the built page: its Content-Security-Policy holds (and nothing the app does
// breaks it), no Referer leaves the page, nothing is fetched from third parties at load, and
// whatever a server sends (bodies, headers, JWT claims) is shown as text and never run.
import { expect, test, type Page } from '@playwright/test';
import { DEMO, HOSTILE, fillClientCredentials, openApp, responseStatus, showSent, signInAndApprove } from './fixtures';
import { APP_ORIGIN } from './docs-page';

interface Violation {
  directive: string;
  blocked: string;
  origin: string;
}

/** Collects the page's CSP violations (in every document the page shows) from the first script on. */
async function watchViolations(page: Page): Promise<() => Promise<Violation[]>> {
  await page.addInitScript(() => {
    const seen: { directive: string; blocked: string; origin: string }[] = [];
    (window as unknown as { __csp: typeof seen }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push({ directive: e.violatedDirective, blocked: e.blockedURI, origin: location.origin }));
  });
  return () => page.evaluate(() => (window as unknown as { __csp: Violation[] }).__csp);
}

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);

test('the built page sets a strict CSP and no-referrer, and has no inline script', async ({ page }) => {
  await openApp(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  expect(csp).toContain('connect-src http: https:');
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute('content', 'no-referrer');
  expect(await page.locator('script:not([src])').count()).toBe(0);
});

test('the CSP is enforced: an injected inline script does not run and is reported', async ({ page }) => {
  const violations = await watchViolations(page);
  await openApp(page);
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__pwned = 1';
    document.body.append(script);
  });
  await expect.poll(async () => (await violations()).map((v) => v.directive)).toContain('script-src-elem');
  expect(await pwned(page)).toBeUndefined();
});

test('nothing the app does violates its CSP: token, test request, Discover, each auth type and flow view', async ({ page }) => {
  const violations = await watchViolations(page);
  await openApp(page);
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(responseStatus(page)).toContainText('200');
  await page.getByRole('textbox', { name: 'Issuer' }).fill(DEMO);
  await page.getByRole('button', { name: 'Discover' }).click();
  await expect(page.getByText('Endpoints filled from')).toBeVisible();
  await page.getByLabel('Grant type').selectOption('authorization_code');
  await expect(page.getByLabel('Authorize in')).toBeVisible();
  await page.getByLabel('Preset').selectOption({ label: 'Local demo: Device flow' });
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  for (const type of ['api_key', 'basic', 'bearer'] as const) await page.getByLabel('Auth type').selectOption(type);
  expect(await violations()).toEqual([]);
});

test('no request leaves for another origin at load, and none carries a Referer', async ({ page }) => {
  const requests: { url: string; referer: string | null }[] = [];
  page.on('request', async (request) => requests.push({ url: request.url(), referer: await request.headerValue('referer') }));
  await openApp(page);
  await page.waitForLoadState('networkidle');
  const origins = new Set(requests.map((r) => new URL(r.url).origin));
  expect([...origins]).toEqual(['http://127.0.0.1:4173']);
  requests.length = 0;
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(responseStatus(page)).toContainText('200');
  const outgoing = requests.filter((r) => new URL(r.url).origin === DEMO);
  expect(outgoing.length).toBeGreaterThanOrEqual(2);
  expect(outgoing.map((r) => r.referer)).toEqual(outgoing.map(() => null));
});

test.describe('Whatever a server sends is shown as text and never run', () => {
  test('script-bearing response headers and OAuth error fields', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { tokenUrl: `${HOSTILE}/script-header` });
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('alert')).toContainText('<script>window.__pwned=4</script>');
    await showSent(page);
    await expect(page.getByLabel('Token request response')).toContainText('x-evil: <img src=x onerror="window.__pwned=2">');
    await expect(page.locator('img')).toHaveCount(0);
    expect(await pwned(page)).toBeUndefined();
  });

  test('a WWW-Authenticate header carrying markup', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { tokenUrl: `${HOSTILE}/www-authenticate-odd` });
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect(page.getByRole('alert')).toContainText('<script>window.__pwned=5</script>');
    expect(await pwned(page)).toBeUndefined();
  });

  test('JWT header and claims carrying markup, in the decoded access token', async ({ page }) => {
    await openApp(page);
    await fillClientCredentials(page, { tokenUrl: `${HOSTILE}/jwt-script-claims` });
    await page.getByRole('button', { name: 'Get token' }).click();
    const claims = page.getByRole('table', { name: 'JWT claims' });
    await expect(claims.getByRole('row', { name: /^sub/ })).toContainText('<img src=x onerror="window.__pwned=9">');
    await expect(claims.getByRole('row', { name: /^scope/ })).toContainText('<script>window.__pwned=10</script>');
    await expect(page.getByText('"typ": "<script>window.__pwned=8</script>"')).toBeVisible();
    await expect(page.locator('img')).toHaveCount(0);
    expect(await pwned(page)).toBeUndefined();
  });
});

// Held attack (issue 13's review): the popup-callback listener takes window messages from the page's
// own origin only. A page on another origin that opened the playground posts it a forged
// authorization response, with the right state even, while the sign-in popup is open.
test('a popup callback forged by the page that opened the playground, on another origin, is not acted on', async ({ page, context }) => {
  await context.addInitScript(() => {
    // every window message the playground receives, by origin: to know the forged one arrived
    const seen: string[] = [];
    (window as unknown as { __messages: string[] }).__messages = seen;
    window.addEventListener('message', (event) => seen.push(event.origin));
  });
  await page.route(`${HOSTILE}/opener.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>Elsewhere</title><button id="open">Open the playground</button>
<script>document.getElementById('open').onclick = () => { window.playground = window.open(${JSON.stringify(`${APP_ORIGIN}/`)}, 'playground'); };</script>`,
    }),
  );
  // the state of the authorization request, wherever it is sent (query or pushed request)
  let state: string | undefined;
  const tokenBodies: string[] = [];
  context.on('request', (request) => {
    if (!request.url().startsWith(DEMO)) return;
    const found = /[?&]state=([^&]+)/.exec(request.url()) ?? /(?:^|&)state=([^&]+)/.exec(request.postData() ?? '');
    if (found && state === undefined) state = decodeURIComponent(found[1]!);
    if (new URL(request.url()).pathname === '/token') tokenBodies.push(request.postData() ?? '');
  });

  await page.goto(`${HOSTILE}/opener.html`);
  const opening = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Open the playground' }).click();
  const app = await opening;
  await expect(app.getByRole('button', { name: 'Get token' })).toBeEnabled();
  await app.getByLabel('Preset').selectOption({ label: 'Local demo: Authorization Code + PKCE (public client)' });
  await app.getByLabel('Authorize in').selectOption('popup');
  const signingIn = app.waitForEvent('popup');
  await app.getByRole('button', { name: 'Get token' }).click();
  const signIn = await signingIn;
  await signIn.waitForURL(`${DEMO}/**`);
  await expect.poll(() => state).toBeDefined();

  await page.evaluate(
    ([forState, issuer]) => {
      const params = new URLSearchParams({ code: 'forged-code-0123456789', state: forState, iss: issuer }).toString();
      (window as unknown as { playground: Window }).playground.postMessage({ type: 'authorization-response', state: forState, params }, '*');
    },
    [state!, DEMO] as const,
  );
  await expect.poll(() => app.evaluate(() => (window as unknown as { __messages: string[] }).__messages)).toContain(HOSTILE);

  // The playground still waits for its own popup, whose real response completes the flow.
  await signInAndApprove(signIn);
  await signIn.waitForEvent('close');
  await expect(app.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
  expect(tokenBodies).toHaveLength(1);
  expect(tokenBodies[0]).not.toContain('forged-code');
  expect(await app.getByRole('alert').allTextContents()).toEqual([]);
});
