// Issue 13, "done when": canaries (a client secret, a secret request header, a proxy pairing token,
// and the access token obtained) looked for in every channel the page writes to: the address bar,
// storage, a share link, the HAR export, the support report, code snippets, the console, the
// events posted to an embedding page, and the local proxy's log. Once with the settings typed and
// unsaved, once from a saved credential after a reload (its secrets then come from the vault); the
// embed (which never opens saved credentials) with one saved in the same browser.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { openDocs, received, waitForEvent } from './docs-page';
import { DEMO, fillClientCredentials, getToken, openAdvanced, openApp, responseStatus, basicForms } from './fixtures';
import { storedJson } from './stored';

const CLIENT_ID = 'demo-cc-opaque';
const CLIENT_SECRET = 'demo-cc-opaque-secret';
const HEADER_VALUE = 'canary-header-3f9a1c07';
const PROXY_TOKEN = 'canary-proxy-token-7d2e4b55';
const PROXY_PORT = 8797;

/** Every secret, as typed and as it goes on the wire in a Basic header. */
const SECRETS = [CLIENT_SECRET, HEADER_VALUE, PROXY_TOKEN, ...basicForms(CLIENT_ID, CLIENT_SECRET)];

let proxy: ChildProcess;
const proxyLog: string[] = [];

test.beforeAll(async () => {
  // a proxy of its own, whose log this spec reads (the suite's shared one logs to nowhere)
  proxy = spawn(process.execPath, ['proxy/main.js', '--port', String(PROXY_PORT), '--allow-loopback'], { env: { ...process.env, PROXY_TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [proxy.stdout!, proxy.stderr!]) stream.on('data', (chunk: Buffer) => proxyLog.push(chunk.toString()));
  await expect.poll(() => fetch(`http://127.0.0.1:${PROXY_PORT}/`).then(() => true, () => false)).toBe(true);
});

test.afterAll(() => {
  proxy.kill();
});

/** What the page wrote to the console and the addresses it showed, from now on. */
function watch(page: Page): { console: string[]; urls: string[] } {
  const seen = { console: [] as string[], urls: [] as string[] };
  page.on('console', (message) => seen.console.push(message.text()));
  page.on('framenavigated', (frame) => seen.urls.push(frame.url()));
  return seen;
}

/** Client credentials through the proxy, with a secret header on the test request. */
async function typeSettings(page: Page): Promise<void> {
  await fillClientCredentials(page, { tokenUrl: `${DEMO}/token`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scope: 'api:read', clientAuth: 'client_secret_basic' });
  await page.getByText('Headers (0)').click();
  await page.getByRole('button', { name: 'Add request headers row' }).click();
  await page.getByRole('textbox', { name: 'Request headers name 1' }).fill('X-Auth-Token');
  await page.getByRole('textbox', { name: 'Request headers value 1' }).fill(HEADER_VALUE);
  await openAdvanced(page);
  await page.getByRole('checkbox', { name: 'Send through local proxy' }).check();
  await page.getByRole('textbox', { name: 'Proxy URL' }).fill(`http://127.0.0.1:${PROXY_PORT}`);
  await page.getByLabel('Proxy pairing token', { exact: true }).fill(PROXY_TOKEN);
}

/** The text of every channel but the console and the address bar, after a token and a test request. */
async function channels(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  out.storage = `${await storedJson(page)}\n${await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))}`;

  await page.getByRole('button', { name: 'Share link' }).click();
  out['share link'] = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(out['share link']).toContain('#share=');

  const log = page.getByRole('region', { name: 'Exchange log' });
  const downloading = page.waitForEvent('download');
  await log.getByRole('button', { name: 'Export HAR' }).click();
  out.HAR = await readFile((await (await downloading).path())!, 'utf8');
  expect(out.HAR).toContain(`${DEMO}/api/me`);

  await log.getByRole('button', { name: 'Copy report' }).click();
  out.report = await page.getByRole('textbox', { name: 'Report' }).inputValue();
  expect(out.report).toContain('# OAuth Playground report');

  await log.getByRole('button', { name: 'Code snippets' }).click();
  const panel = page.getByRole('region', { name: 'Code snippets' });
  await expect(panel.getByRole('checkbox', { name: 'Include secrets in snippets' })).not.toBeChecked();
  out.snippets = '';
  for (const language of ['curl', 'JavaScript', 'Python']) {
    await panel.getByRole('radio', { name: language }).check();
    for (const which of ['Token request', 'Test request']) out.snippets += `${await page.getByRole('textbox', { name: `${which} snippet` }).inputValue()}\n`;
  }
  expect(out.snippets).toMatch(/x-auth-token/i);
  return out;
}

function expectNoSecrets(where: Record<string, string>, accessToken: string): void {
  for (const [channel, text] of Object.entries(where)) {
    for (const secret of SECRETS) expect(text, `${channel} carries ${secret}`).not.toContain(secret);
    // the token is kept in storage on purpose (tokens live in IndexedDB); nowhere else in full
    if (channel !== 'storage') expect(text, `${channel} carries the access token`).not.toContain(accessToken);
  }
}

async function saveAs(page: Page, name: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Credential name' }).fill(name);
  await page.getByRole('button', { name: 'Save credential' }).click();
  await expect(page.getByTestId('library-notice')).toContainText(`Saved “${name}”`);
}

async function runAndCheck(page: Page, seen: { console: string[]; urls: string[] }): Promise<void> {
  const accessToken = await getToken(page);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(responseStatus(page)).toContainText('200');
  // both went through this spec's proxy, which logged them
  await expect.poll(() => proxyLog.join('')).toContain('/api/me');
  expectNoSecrets({ ...(await channels(page)), console: seen.console.join('\n'), 'address bar': [...seen.urls, page.url()].join('\n'), 'proxy log': proxyLog.join('') }, accessToken);
}

test.describe('Canaries in every output channel', () => {
  test.beforeEach(async ({ context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    proxyLog.length = 0;
  });

  test('unsaved: typed settings, no secret in any channel', async ({ page }) => {
    const seen = watch(page);
    await openApp(page);
    await typeSettings(page);
    await runAndCheck(page, seen);
  });

  test('saved: a credential restored after a reload, no secret in any channel', async ({ page }) => {
    const seen = watch(page);
    await openApp(page);
    await typeSettings(page);
    await saveAs(page, 'Canary');
    await page.reload();
    await expect(page.getByRole('button', { name: 'Get token' })).toBeEnabled();
    await expect(page.getByRole('textbox', { name: 'Client ID' })).toHaveValue(CLIENT_ID);
    await expect(page.getByLabel('Client secret', { exact: true })).toHaveValue(''); // a saved secret never comes back into the page
    await runAndCheck(page, seen);
  });

  test('embedded, with a credential saved in this browser: the events posted to the docs page carry no secret and no token', async ({ page }) => {
    const seen = watch(page);
    // the saved case: the same browser holds a saved credential with the canaries
    await openApp(page);
    await typeSettings(page);
    await saveAs(page, 'Canary');
    const { cc } = await openDocs(page);
    await expect(cc.getByLabel('Client secret', { exact: true })).not.toHaveValue(CLIENT_SECRET);
    await cc.getByRole('textbox', { name: 'Client ID' }).fill(CLIENT_ID);
    await cc.getByLabel('Client secret', { exact: true }).fill(CLIENT_SECRET);
    await cc.getByRole('button', { name: 'Get token' }).click();
    const token = cc.getByRole('textbox', { name: 'Access token' });
    await expect(token).not.toHaveValue('');
    await cc.getByRole('button', { name: 'Send' }).click();
    await expect(cc.getByTestId('response-status')).toContainText('200');
    await waitForEvent(page, 'client-credentials', { type: 'step', step: 'done' });
    const events = JSON.stringify(await received(page));
    expectNoSecrets({ postMessage: events, console: seen.console.join('\n'), 'address bar': [...seen.urls, page.url()].join('\n') }, await token.inputValue());
  });
});
