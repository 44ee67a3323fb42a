import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// `base: './'` makes dist/ work from any origin and any sub-path: every asset URL is relative.
export default defineConfig({
  base: './',
  plugins: [svelte()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      output: {
        // What the first paint needs goes in one chunk: many small shared chunks gzip worse and cost
        // round trips. Flows, flow views and the protocol layer stay in their own lazy chunks.
        advancedChunks: {
          groups: [{ name: 'startup', test: /node_modules[\\/](svelte|idb-keyval)[\\/]|src[\\/](main\.ts|App\.svelte|app\.css|lib[\\/](config[\\/](?!credential-file|share-link|presets[\\/](vendors|local-demo-more))|errors[\\/]playground-error|store[\\/](storage|seal)|state[\\/](playground|protocol\.ts|browser)|http[\\/](exchange|insecure|redact|body)|oauth[\\/](callback|jwt|context)|ui[\\/](?!library|TokenOperations|AuthorizationSteps|DeviceCodePanel|AuthorizeOptions|DiscoveryPanel|ProxyOptions|support[\\/])))/ }],
        },
      },
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
