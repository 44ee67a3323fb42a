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
  // Embed and tutorial mode (`?embed=1`, `?tutorial=1`) load their code only when asked for; the
  // workbench around the form (header tools, sidebar, log) loads with storage unless embedded.
  const embedCode = /[?&](embed|tutorial)=/.test(location.search) ? import('./lib/state/embed.svelte') : null;
  const workbenchCode = () => import('./lib/ui/workbench/Workbench.svelte');
  const maybeWorkbench = /[?&]embed=/.test(location.search) ? null : workbenchCode();
  const [real, embedding] = await Promise.all([openStorage(), embedCode]);
  const options = embedding?.parseEmbedOptions(location.search);
  const workbench = options?.embed ? null : (await (maybeWorkbench ?? workbenchCode())).default;
  const storage = embedding && options?.embed ? embedding.embeddedStorage(real) : real;
  const playground = new Playground({
    storage,
    fetch: globalThis.fetch.bind(globalThis),
    browser: realBrowser(),
    redirectUri: new URL('./', location.href).href,
    // An embedded share link is applied once everything has loaded: Get token waits for it.
    holdUntilLoaded: options?.embed === true && location.hash.startsWith('#share='),
    embedded: options?.embed ?? false,
  });
  const embed = embedding && options ? new embedding.EmbedSession(playground, options, embedding.parentPort()) : null;
  mount(App, { target: document.getElementById('app')!, props: { playground, embed, workbench } });
  // The embed's preset and lock apply before Get token is usable; the rest loads once it is drawn.
  await playground.load(embed ? { opening: () => embed.open(), beforeRest: () => embed.drawn() } : {});
  await embed?.start();
  playground.release();
  // Fetch the protocol code and the actions while the user reads the page, so the first click does not wait for them.
  (window.requestIdleCallback ?? setTimeout)(() => void Promise.all([loadProtocol(), import('./lib/state/actions.svelte'), import('./lib/state/runtime'), import('./lib/ui/result/TokenDetails.svelte')]));
})();
