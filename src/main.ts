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
  const storage = await openStorage();
  const playground = new Playground({
    storage,
    fetch: globalThis.fetch.bind(globalThis),
    browser: realBrowser(),
    redirectUri: new URL('./', location.href).href,
  });
  mount(App, { target: document.getElementById('app')!, props: { playground } });
  await playground.load();
  // Fetch the protocol code and the actions while the user reads the page, so the first click does not wait for them.
  (window.requestIdleCallback ?? setTimeout)(() => void Promise.all([loadProtocol(), import('./lib/state/actions.svelte')]));
})();
