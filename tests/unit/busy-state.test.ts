import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BrowserPort } from '../../src/lib/state/browser';
import { BUSY_SHOWN_AFTER_MS, Playground } from '../../src/lib/state/playground.svelte';
import { memoryBackend, openStorage } from '../../src/lib/store/storage';

async function playground(): Promise<Playground> {
  const storage = await openStorage(memoryBackend());
  const unused = () => {
    throw new Error('not used by these tests');
  };
  return new Playground({ storage, fetch: unused, browser: {} as BrowserPort, redirectUri: 'http://127.0.0.1:4173/' });
}

describe('busy and busyShown', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('work shows as busy only once it has lasted BUSY_SHOWN_AFTER_MS; quick work never does', async () => {
    const pg = await playground();
    vi.useFakeTimers();
    pg.busy = 'token';
    expect(pg.busy).toBe('token');
    vi.advanceTimersByTime(BUSY_SHOWN_AFTER_MS - 1);
    expect(pg.busyShown).toBe(false);
    pg.busy = null;
    vi.advanceTimersByTime(10 * BUSY_SHOWN_AFTER_MS);
    expect(pg.busyShown).toBe(false);

    pg.busy = 'discover';
    vi.advanceTimersByTime(BUSY_SHOWN_AFTER_MS);
    expect(pg.busyShown).toBe(true);
    pg.busy = null;
    expect(pg.busyShown).toBe(false); // at once: the page is usable again
  });

  it('work handed from one kind to another keeps its first start', async () => {
    const pg = await playground();
    vi.useFakeTimers();
    pg.busy = 'token';
    vi.advanceTimersByTime(BUSY_SHOWN_AFTER_MS / 2);
    pg.busy = 'operation';
    vi.advanceTimersByTime(BUSY_SHOWN_AFTER_MS / 2);
    expect(pg.busyShown).toBe(true);
  });
});
