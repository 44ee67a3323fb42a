// Long lists are windowed: with hundreds of saved credentials or a full exchange log, only the
// items in view are in the page, yet every one is reachable by scrolling (and by keyboard).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
// @ts-expect-error plain JS helper shared with bench/browser-figures.js
import { seedScale } from '../support/seed-scale.js';
import { openApp } from './fixtures';

// A tall window: the saved credentials list (up to 70% of it high) fits below the sidebar's form
// without scrolling the page, so "in view" means shown in the list's own scroll box.
test.use({ viewport: { width: 1280, height: 1200 } });

/** Opens the app, writes `counts` into IndexedDB in one transaction, and reloads; CSP violations are recorded. */
async function openSeeded(page: Page, counts: { credentials: number; logs: number; entriesPerLog: number }): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await openApp(page);
  await page.evaluate(seedScale, counts);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
}

/** axe's rule ids violated on the page (the windowed lists: list structure, scrollable regions reachable by keyboard). */
async function axeViolations(page: Page): Promise<string[]> {
  return (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

test('300 saved credentials: a window of tiles in the page, the last one reached by scrolling and opened, search still filters', async ({ page }) => {
  await openSeeded(page, { credentials: 300, logs: 0, entriesPerLog: 0 });
  const list = page.getByRole('list', { name: 'Saved credentials list' });
  const openButtons = list.getByRole('button', { name: /^Open Service / });
  const first = list.getByRole('button', { name: 'Open Service 0000 billing' });
  const last = list.getByRole('button', { name: 'Open Service 0299 support' });
  await expect(first).toBeInViewport();
  const drawn = await openButtons.count();
  expect(drawn).toBeGreaterThan(2);
  expect(drawn).toBeLessThan(60);
  await expect(last).toHaveCount(0);
  await expect(page.getByText(/more match/)).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);

  // by keyboard: Tab reaches a tile's actions menu; End scrolls the list to its last credential
  await first.focus();
  await page.keyboard.press('Tab');
  await expect(list.getByRole('button', { name: 'Actions for Service 0000 billing' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(last).toBeInViewport();
  expect(await openButtons.count()).toBeLessThan(60);
  // the focused tile has left the page, yet the keys still scroll the list, back to the top and down again
  await expect(first).toHaveCount(0);
  await page.keyboard.press('Home');
  await expect(first).toBeInViewport();
  await page.keyboard.press('End');
  await expect(last).toBeInViewport();
  await last.click();
  await expect(page.getByRole('textbox', { name: 'Credential name' })).toHaveValue('Service 0299 support');

  const search = page.getByRole('searchbox', { name: 'Search credentials' });
  await search.fill('service 0150');
  await expect(openButtons).toHaveCount(1);
  await expect(list.getByRole('button', { name: 'Open Service 0150 billing' })).toBeVisible();
  await search.fill('no such credential');
  await expect(openButtons).toHaveCount(0);
  await expect(page.getByText('No saved credential matches “no such credential”.')).toBeVisible();
  await search.fill('');
  await expect(first).toBeVisible();
  expect(await cspViolations(page)).toEqual([]);
});

test('a full log of 500 exchanges: a window of entries, opened at the newest, scrolled to the oldest, following a new exchange', async ({ page }) => {
  await openSeeded(page, { credentials: 0, logs: 1, entriesPerLog: 500 });
  const log = page.getByRole('region', { name: 'Exchange log' });
  const entries = log.getByTestId('log-entry');
  const newest = log.getByRole('article', { name: '500. Test request', exact: true });
  const oldest = log.getByRole('article', { name: '1. Token request', exact: true });
  // the log is the page's last panel: scroll the page down to it
  await expect(newest).toHaveCount(1);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(newest).toBeInViewport();
  const drawn = await entries.count();
  expect(drawn).toBeGreaterThan(2);
  expect(drawn).toBeLessThan(60);
  await expect(oldest).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);

  // saved entries stay masked: no Reveal box
  await expect(newest).toContainText('Saved masked');
  await expect(newest.getByRole('checkbox')).toHaveCount(0);

  // the keyboard scrolls the log from inside it: Home to the oldest entry, End back to the newest
  const url = 'https://api0.example.com/oauth/token';
  await newest.getByText(url).first().focus();
  await page.keyboard.press('Home');
  await expect(oldest).toBeInViewport();
  await expect(newest).toHaveCount(0);
  // entries are of different heights: one opened in view stays in view
  await oldest.getByText(url).first().click();
  await expect(oldest.getByLabel('Received')).toBeInViewport();
  await page.keyboard.press('End');
  await expect(newest).toBeInViewport();

  // at the end, a new exchange comes into view (the log keeps 500: the oldest is dropped)
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect(page.getByRole('textbox', { name: 'Access token' })).not.toHaveValue('');
  const added = log.getByRole('article', { name: '501. Token request', exact: true });
  await expect(added).toHaveCount(1);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight)); // back down from Get token
  await expect(added).toBeInViewport();
  await expect(added.getByRole('checkbox', { name: 'Reveal entry 501 (Token request)' })).toBeVisible();
  await expect(log.getByTestId('log-dropped')).toHaveText('1 older exchange dropped (the log keeps the last 500).');
  expect(await entries.count()).toBeLessThan(60);
  expect(await cspViolations(page)).toEqual([]);
});
