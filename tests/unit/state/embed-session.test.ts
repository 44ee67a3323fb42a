/**
 * The embed session through its ports: a real Playground over memory storage, a parent page that
 * records what it is sent, and paints and heights the test makes happen.
 */
import { describe, expect, it, vi } from 'vitest';
import type { EmbedEvent } from '../../../src/lib/config/embed-events';
import type { BrowserPort } from '../../../src/lib/state/browser';
import { EmbedSession, parseEmbedOptions, type ParentPort } from '../../../src/lib/state/embed.svelte';
import { Playground } from '../../../src/lib/state/playground.svelte';
import { memoryBackend, openStorage } from '../../../src/lib/store/storage';
import { cannedFetch, respond } from '../support/canned-fetch';
import { quietBrowser } from '../support/browser';

const DOCS = 'https://docs.example.com';

const browser: BrowserPort = quietBrowser('http://127.0.0.1:4173/?embed=1');

/** A parent page: what it was sent (and to which origin), and the page's paint and height under the test's control. */
function parentPage() {
  const sent: { event: EmbedEvent; to: string }[] = [];
  let paint: () => void = () => undefined;
  let report: (height: number) => void = () => undefined;
  const port: ParentPort = {
    framed: true,
    post: (event, to) => void sent.push({ event, to }),
    watchHeight: (fn) => {
      report = fn;
      return () => (report = () => undefined);
    },
    nextPaint: () => new Promise((resolve) => (paint = resolve)),
  };
  return { port, sent, paint: () => paint(), height: (h: number) => report(h) };
}

async function embedded(query: string) {
  const storage = await openStorage(memoryBackend());
  const pg = new Playground({ storage, fetch: cannedFetch(() => respond('no', 404)), browser, redirectUri: 'http://127.0.0.1:4173/', embedded: true });
  const parent = parentPage();
  const session = new EmbedSession(pg, parseEmbedOptions(query), parent.port);
  const loading = pg.load({ opening: () => session.open(), beforeRest: () => session.drawn() });
  return { pg, parent, session, loading };
}

/** Waits until `Get token` is usable: the link's preset (maybe its file) and the lock applied. */
const usable = (pg: Playground) => vi.waitFor(() => expect(pg.loaded).toBe(true));

describe('EmbedSession: Get token first, the rest once it is drawn', () => {
  it('the link’s preset (not loaded at start) and lock apply before Get token is usable; nothing else loads before the frame is drawn', async () => {
    const { pg, parent, loading } = await embedded(`?embed=1&preset=local-demo-pkce&lock=1&parent-origin=${DOCS}`);
    await usable(pg);
    expect(pg.auth.oauth2.clientId).toBe('demo-spa');
    expect(pg.preset?.id).toBe('local-demo-pkce');
    expect(pg.locked).toBe(true);
    expect(pg.auth.oauth2.authorizeVia).toBe('popup');
    // held back until the page has drawn Get token: saved data, the log, events
    expect(pg.settled).toBe(false);
    expect(pg.library).toBeNull();
    expect(pg.log).toBeNull();
    expect(parent.sent).toEqual([]);

    parent.paint();
    await loading;
    expect(pg.settled).toBe(true);
    expect(pg.library).not.toBeNull();
    // events flow now (the step events' effects need a browser: see the e2e tests)
    parent.height(640);
    expect(parent.sent).toEqual([{ event: { source: 'oauth-playground', type: 'resize', height: 640 }, to: DOCS }]);
  });

  it('resize events: the height rounded up, posted only when it changed', async () => {
    const { pg, parent, loading } = await embedded(`?embed=1&preset=local-demo&parent-origin=${DOCS}`);
    await usable(pg);
    parent.paint();
    await loading;
    for (const height of [812.2, 812.9, 813, 900.5, 900.5]) parent.height(height);
    expect(parent.sent.filter(({ event }) => event.type === 'resize').map(({ event, to }) => [event, to])).toEqual([
      [{ source: 'oauth-playground', type: 'resize', height: 813 }, DOCS],
      [{ source: 'oauth-playground', type: 'resize', height: 901 }, DOCS],
    ]);
  });

  it('no parent origin: no events at all, not even resize', async () => {
    const { pg, parent, loading } = await embedded('?embed=1&preset=local-demo');
    await usable(pg);
    parent.paint();
    await loading;
    parent.height(500);
    expect(pg.settled).toBe(true);
    expect(parent.sent).toEqual([]);
  });

  it('a provider template’s {{variables}}, chosen before the saved variables loaded, are added once they have', async () => {
    const { pg, parent, loading } = await embedded('?embed=1&preset=okta');
    await usable(pg);
    expect(pg.preset?.id).toBe('okta');
    parent.paint();
    await loading;
    expect(pg.library?.variables.active?.variables.map((v) => v.name)).toContain('okta_domain');
  });

  it('an unknown preset: the default one stays, and the frame says so', async () => {
    const { pg, parent, session, loading } = await embedded('?embed=1&preset=no-such-preset');
    await usable(pg);
    expect(pg.preset?.id).toBe('local-demo');
    expect(session.notes).toEqual(['There is no preset “no-such-preset”; the default preset is open.']);
    parent.paint();
    await loading;
  });
});
