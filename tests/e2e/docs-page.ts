import { expect, type Frame, type FrameLocator, type Page } from '@playwright/test';

/** The sample docs page in public/examples/, which embeds the playground twice. */
export const DOCS = 'examples/docs.html';
export const APP_ORIGIN = 'http://127.0.0.1:4173';

export interface ReceivedEvent {
  frame: string;
  source: string;
  type: 'step' | 'token' | 'error';
  [field: string]: unknown;
}

/** The events the docs page received and listed (one JSON object a line). */
export async function received(page: Page, frame?: string): Promise<ReceivedEvent[]> {
  const text = (await page.locator('#events').textContent()) ?? '';
  const all = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as ReceivedEvent);
  return frame ? all.filter((event) => event.frame === frame) : all;
}

/** Waits until the docs page has received an event matching `fields`, and returns it. */
export async function waitForEvent(page: Page, frame: string, fields: Record<string, unknown>): Promise<ReceivedEvent> {
  let found: ReceivedEvent | undefined;
  await expect
    .poll(async () => {
      found = (await received(page, frame)).find((event) => Object.entries(fields).every(([key, value]) => event[key] === value));
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

/** Opens the docs page and waits until both frames' `Get token` is usable. */
export async function openDocs(page: Page, query = ''): Promise<{ cc: FrameLocator; pkce: FrameLocator }> {
  await page.goto(`${DOCS}${query}`);
  const cc = page.frameLocator('#cc-frame');
  const pkce = page.frameLocator('#pkce-frame');
  await expect(cc.getByRole('button', { name: 'Get token' })).toBeEnabled();
  await expect(pkce.getByRole('button', { name: 'Get token' })).toBeEnabled();
  return { cc, pkce };
}

/** The document inside the docs page's frame `#id`, to measure it. */
export async function frameDocument(page: Page, id: string): Promise<Frame> {
  const frame = await (await page.locator(`#${id}`).elementHandle())?.contentFrame();
  if (!frame) throw new Error(`no frame #${id}`);
  return frame;
}

/** The current step of a frame's tutorial (the list item marked aria-current="step"). */
export const currentStep = (frame: FrameLocator | Page) => frame.getByRole('region', { name: 'Tutorial' }).locator('li[aria-current="step"]');
