import { expect, test, type FrameLocator, type Page } from '@playwright/test';
import { currentStep, frameDocument, openDocs, received, waitForEvent } from './docs-page';
import { openAdvanced, signInAndApprove } from './fixtures';

/** Clicks `Get token`, then `Send`, in an embedded playground, and waits for the API's answer. */
async function runClientCredentials(frame: FrameLocator | Page): Promise<void> {
  await frame.getByRole('button', { name: 'Get token' }).click();
  await expect(frame.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
  await frame.getByRole('button', { name: 'Send' }).click();
  await expect(frame.getByTestId('response-status')).toContainText('200');
}

/** How far the page scrolls sideways: its scrolling element's width beyond its client width. */
const sideways = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth);

/** The diagram's two drawings, inside the Tutorial region's image. */
const diagram = (page: Page) => {
  const image = page.getByRole('region', { name: 'Tutorial' }).getByRole('img');
  return { image, lanes: image.locator('svg.lanes'), stacked: image.locator('ol.stacked') };
};

test.describe('The embedded frame on a docs page', () => {
  test('resize events size the frame to its content: after a client-credentials run the whole flow shows, nothing scrolls inside', async ({ page }) => {
    const { cc } = await openDocs(page);
    const frame = await frameDocument(page, 'cc-frame');
    const iframe = page.locator('#cc-frame');
    // The frame is exactly as tall as its content: no scrollbar inside, and no empty space below.
    const fitted = async () => {
      const inside = await frame.evaluate(() => ({
        scrollHeight: document.scrollingElement!.scrollHeight,
        clientHeight: document.scrollingElement!.clientHeight,
        content: document.documentElement.getBoundingClientRect().height,
      }));
      return inside.scrollHeight <= inside.clientHeight && Math.abs(inside.clientHeight - inside.content) <= 1;
    };
    await expect.poll(fitted).toBe(true);
    const before = (await iframe.boundingBox())!.height;

    await runClientCredentials(cc);
    await expect.poll(async () => (await iframe.boundingBox())!.height).toBeGreaterThan(before + 100);
    await expect.poll(fitted).toBe(true);
    // nor does the result pane scroll on its own inside the frame
    expect(await frame.locator('[data-testid="result-pane"]').evaluate((pane) => pane.scrollHeight <= pane.clientHeight + 1)).toBe(true);
  });

  test('step events: every step of the run, in order, index and total agreeing, done included (client credentials)', async ({ page }) => {
    const { cc } = await openDocs(page);
    await runClientCredentials(cc);
    await waitForEvent(page, 'client-credentials', { type: 'step', step: 'done' });
    const steps = (await received(page, 'client-credentials')).filter((event) => event.type === 'step');
    expect(steps.map((event) => [event.step, event.index, event.total])).toEqual([
      ['token-request', 1, 4],
      ['token', 2, 4],
      ['api-request', 3, 4],
      ['api-response', 4, 4],
      ['done', 4, 4],
    ]);
  });

  test('step events: the eight steps of Authorization Code and done, index and total agreeing', async ({ page, context }) => {
    const { pkce } = await openDocs(page);
    const popupPromise = context.waitForEvent('page');
    await pkce.getByRole('button', { name: 'Get token' }).click();
    const popup = await popupPromise;
    await signInAndApprove(popup);
    await popup.waitForEvent('close');
    await expect(pkce.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
    await pkce.getByRole('button', { name: 'Send' }).click();
    await expect(currentStep(pkce)).toHaveCount(0);
    await waitForEvent(page, 'authorization-code', { type: 'step', step: 'done' });
    const steps = (await received(page, 'authorization-code')).filter((event) => event.type === 'step');
    expect(steps.map((event) => event.step)).toEqual(['pkce', 'authorize', 'sign-in', 'callback', 'token-request', 'token', 'api-request', 'api-response', 'done']);
    expect(steps.map((event) => event.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 8]);
    expect(steps.every((event) => event.total === 8)).toBe(true);
  });
});

test.describe('No developer notes inside an embed', () => {
  const DEVELOPER_WORDS = /npm (start|run)|README|demo\/keys/;

  test('the local demo preset’s npm start note shows in the app, not in an embed, nor in the proxy option', async ({ page }) => {
    await page.goto('./');
    await expect(page.getByTestId('developer-note')).toContainText('npm start');

    await page.goto('./?embed=1&preset=local-demo&tutorial=1');
    await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
    await expect(page.getByText('Public demo credentials of the local demo provider')).toBeVisible();
    await expect(page.getByTestId('developer-note')).toHaveCount(0);
    await openAdvanced(page);
    await page.getByLabel('Send through local proxy').check();
    await expect(page.getByText('For providers that send no CORS headers')).toBeVisible();
    expect(await page.locator('body').innerText()).not.toMatch(DEVELOPER_WORDS);
  });

  test('the private_key_jwt preset says where its key is in the app only', async ({ page }) => {
    await page.goto('./?embed=1&preset=local-demo-private-key-jwt');
    await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
    await expect(page.getByText('The demo key is public on purpose')).toBeVisible();
    expect(await page.locator('body').innerText()).not.toMatch(DEVELOPER_WORDS);
  });
});

test.describe('The embed at 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('does not scroll sideways: on load, after a run, with Advanced open, and locked with the tutorial', async ({ page }) => {
    await page.goto('./?embed=1&preset=local-demo&tutorial=1');
    await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await runClientCredentials(page);
    await openAdvanced(page);
    expect(await sideways(page)).toBeLessThanOrEqual(0);

    await page.goto('./?embed=1&preset=local-demo-pkce&lock=1&tutorial=1');
    await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
    expect(await sideways(page)).toBeLessThanOrEqual(0);
  });

  test('the docs page’s frames do not scroll sideways either', async ({ page }) => {
    const { cc } = await openDocs(page);
    await runClientCredentials(cc);
    for (const id of ['cc-frame', 'pkce-frame']) {
      const frame = await frameDocument(page, id);
      expect(await frame.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth)).toBeLessThanOrEqual(0);
    }
    expect(await sideways(page)).toBeLessThanOrEqual(0);
  });

  test('the sequence diagram stacks vertically, one message a row, its text 12 px or more', async ({ page }) => {
    await page.goto('./?embed=1&preset=local-demo&tutorial=1');
    const { image, lanes, stacked } = diagram(page);
    await expect(image).toHaveAccessibleName(/Now: step 1, Ask for a token/);
    await expect(lanes).toBeHidden();
    await expect(stacked).toBeVisible();
    const rows = await stacked.locator('li').evaluateAll((items) =>
      items.map((item) => ({ ...item.getBoundingClientRect().toJSON(), text: item.textContent, sizes: [item, ...item.querySelectorAll('*')].map((el) => parseFloat(getComputedStyle(el).fontSize)) })),
    );
    expect(rows.map((row) => row.text)).toEqual([
      'App → Authorization server 1. POST /token (client_credentials)',
      'Authorization server → App 2. access token',
      'App → API 3. GET /api · Bearer token',
      'API → App 4. JSON response',
    ]);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.top).toBeGreaterThanOrEqual(rows[i - 1]!.bottom);
    expect(Math.min(...rows.flatMap((row) => row.sizes))).toBeGreaterThanOrEqual(12);
    expect(Math.max(...rows.map((row) => row.right))).toBeLessThanOrEqual(390);
  });
});

test('the sequence diagram keeps its lanes side by side from 600 px, its text drawn at 12 px or more', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto('./?embed=1&preset=local-demo&tutorial=1');
  const { lanes, stacked } = diagram(page);
  await expect(lanes).toBeVisible();
  await expect(stacked).toBeHidden();
  // SVG text is drawn at its font size times the scale of the viewBox to the drawn width.
  const drawn = await lanes.evaluate((svg) => {
    const scale = svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')].map((text) => parseFloat(getComputedStyle(text).fontSize) * scale);
  });
  expect(drawn.length).toBeGreaterThan(4);
  expect(Math.min(...drawn)).toBeGreaterThanOrEqual(12);
});
