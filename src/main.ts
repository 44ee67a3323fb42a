import { mount } from 'svelte';
import App from './App.svelte';
import { realBrowser } from './lib/state/browser';
import { Playground } from './lib/state/playground.svelte';
import { loadProtocol } from './lib/state/protocol';
import { openStorage } from './lib/store/storage';
import './app.css';

// No top-level await: lazily loaded chunks import the startup chunk, and a module still waiting on
// top-level await would never finish evaluating for them.
void (async () => {
  // Embed and tutorial mode (`?embed=1`, `?tutorial=1`) load their code only when asked for.
  const embedding = /[?&](embed|tutorial)=/.test(location.search) ? await import('./lib/state/embed.svelte') : null;
  const options = embedding?.parseEmbedOptions(location.search);
  const real = await openStorage();
  const storage = embedding && options?.embed ? embedding.embeddedStorage(real) : real;
  const playground = new Playground({
    storage,
    fetch: globalThis.fetch.bind(globalThis),
    browser: realBrowser(),
    redirectUri: new URL('./', location.href).href,
    holdUntilLoaded: embedding !== null,
    embedded: options?.embed ?? false,
  });
  const embed = embedding && options ? new embedding.EmbedSession(playground, options, embedding.parentPort()) : null;
  mount(App, { target: document.getElementById('app')!, props: { playground, embed } });
  await playground.load();
  await embed?.start();
  playground.release();
  // Fetch the protocol code and the actions while the user reads the page, so the first click does not wait for them.
  (window.requestIdleCallback ?? setTimeout)(() => void Promise.all([loadProtocol(), import('./lib/state/actions.svelte'), import('./lib/state/runtime'), import('./lib/ui/result/TokenDetails.svelte')]));
})();
