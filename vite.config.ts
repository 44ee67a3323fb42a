import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { fileURLToPath } from 'node:url';

/**
 * The Content-Security-Policy of the built page, as a `<meta>` (the page is static: no server to send
 * headers). Scripts and styles only from the page's own files: no inline script, no eval, no inline
 * style (the build emits none; Svelte sets styles through the CSSOM, which CSP does not govern).
 * `connect-src` is open to any http(s) URL: a playground calls the servers its user types in.
 * A `<meta>` CSP cannot carry `frame-ancestors` (nor `report-uri`, `sandbox`): a host that wants to
 * forbid framing sends `Content-Security-Policy: frame-ancestors 'none'` as a header.
 * Dev mode (`vite`) injects inline styles for hot reload, so the policy is added to builds only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  'connect-src http: https:',
  "form-action 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }], // before any script, so it governs them,
  };
}

/**
 * The startup chunk: what the first paint of the app and of an embed needs, in one file. A module is
 * in it when its path (from the project root, or from `node_modules/`) starts with one of
 * `STARTUP` and with none of `NOT_AT_STARTUP`. config/ and ui/ are in as a whole, so a new folder
 * there that loads later belongs in `NOT_AT_STARTUP` (`npm test` checks the startup budget).
 */
const STARTUP = [
  'node_modules/svelte/',
  'node_modules/idb-keyval/',
  'src/main.ts',
  'src/App.svelte',
  'src/app.css',
  'src/lib/config/',
  'src/lib/errors/playground-error',
  'src/lib/store/storage',
  'src/lib/store/record-checks',
  'src/lib/state/playground',
  'src/lib/state/protocol.ts',
  'src/lib/state/browser',
  'src/lib/http/insecure',
  'src/lib/oauth/callback',
  'src/lib/oauth/context',
  'src/lib/ui/',
];
const NOT_AT_STARTUP = [
  ...['import/', 'export/', 'field-labels', 'credential', 'confirmed-hosts', 'share-link', 'embed-', 'tutorial', 'provider-change', 'client-auth-descriptions', 'schema', 'presets/vendors', 'presets/local-demo-more', 'presets/identity-providers'].map((path) => `src/lib/config/${path}`),
  ...[
    'import/', 'result/', 'CopyButton', 'ErrorAlert', 'form/', 'lagging', 'format', 'SimpleAuthForms', 'ClientAuthOptions', 'BasicEncodingSwitch', 'VirtualList', 'virtual-window', 'library',
    'embed/', 'JwtView', 'ExchangeView', 'TokenOperations', 'AuthorizationSteps', 'DeviceCodePanel', 'AuthorizeOptions', 'DiscoveryPanel', 'ProxyOptions', 'PairingPrompt',
    'header/OpenCredential', 'header/HeaderMenu', 'header/ThemePicker', 'workbench/', 'TokenDetails', 'support/', 'jwt-tool/',
  ].map((path) => `src/lib/ui/${path}`),
];
const ROOT = fileURLToPath(new URL('./', import.meta.url)).replaceAll('\\', '/');

/** `id` as `src/…` or `node_modules/…` (query and virtual-module prefix dropped). */
function modulePath(id: string): string {
  const path = id.replaceAll('\\', '/').replace(/^\0/, '').split('?')[0]!;
  const packages = path.lastIndexOf('/node_modules/');
  return packages >= 0 ? path.slice(packages + 1) : path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
}

function inStartupChunk(id: string): boolean {
  const path = modulePath(id);
  return STARTUP.some((prefix) => path.startsWith(prefix)) && !NOT_AT_STARTUP.some((prefix) => path.startsWith(prefix));
}

// `base: './'` makes dist/ work from any origin and any sub-path: every asset URL is relative.
export default defineConfig({
  base: './',
  plugins: [contentSecurityPolicy(), svelte()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  build: {
    target: 'es2022',
    sourcemap: true,
    // No modulepreload polyfill: every browser with native modulepreload (Chromium, Firefox 115+,
    // Safari 17+) preloads as before; older ones load each chunk when it is imported, as they would
    // anyway for lazy chunks. It would cost every page, the embed too, 0.35 KB gzip before anything else.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // What the first paint needs goes in one chunk: many small shared chunks gzip worse and cost
        // round trips. Flows, flow views and the protocol layer stay in their own lazy chunks.
        codeSplitting: {
          groups: [
            { name: 'startup', test: inStartupChunk },
            // The app's workbench around the form (header tools, menu, sidebar frame, drawer frame): loaded
            // with storage before the app's first paint, never by an embed.
            { name: 'workbench', test: /src[\\/]lib[\\/](ui[\\/](workbench[\\/]|header[\\/](HeaderMenu|ThemePicker))|state[\\/](layout|theme)\.svelte|store[\\/](layout|theme)\.ts)/ },
            // The words of the client authentication choices go with the form's options, not into the
            // explanations that quote them.
            { name: 'ClientAuthOptions', test: /src[\\/]lib[\\/](ui[\\/]ClientAuthOptions|config[\\/]client-auth-descriptions)/ },
            { name: 'explain', test: /src[\\/]lib[\\/](http[\\/](explain-|basic-credentials|provider-errors)|errors[\\/]oauth-error-codes)/ },
          ],
        },
      },
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
