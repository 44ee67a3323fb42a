import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';

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
            { name: 'startup', test: /node_modules[\\/](svelte|idb-keyval)[\\/]|src[\\/](main\.ts|App\.svelte|app\.css|lib[\\/](config[\\/](?!import[\\/]|export[\\/]|credential|confirmed-hosts|share-link|embed-|tutorial|provider-change|client-auth-descriptions|schema|presets[\\/](vendors|local-demo-more|identity-providers))|errors[\\/]playground-error|store[\\/](storage|record-checks)|state[\\/](playground|protocol\.ts|browser)|http[\\/]insecure|oauth[\\/](callback|context)|ui[\\/](?!import[\\/]|result[\\/]|CopyButton|ErrorAlert|form[\\/]|lagging|format|SimpleAuthForms|ClientAuthOptions|BasicEncodingSwitch|VirtualList|virtual-window|library|embed[\\/]|JwtView|ExchangeView|TokenOperations|AuthorizationSteps|DeviceCodePanel|AuthorizeOptions|DiscoveryPanel|ProxyOptions|PairingPrompt|header[\\/](OpenCredential|HeaderMenu|ThemePicker)|workbench[\\/]|TokenDetails|support[\\/]|jwt-tool[\\/])))/ },
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
