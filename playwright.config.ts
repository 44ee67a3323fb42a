import { defineConfig } from '@playwright/test';
// @ts-expect-error plain JS helper shared with scripts/ensure-chromium.js
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.js';
import { E2E_PROXY_TOKEN, E2E_PROXY_URL } from './tests/support/e2e-proxy';

/**
 * End-to-end tests: the built app (vite preview) against the local demo provider, a second,
 * independently written authorization server (Django OAuth Toolkit), and a
 * misbehaving token server, in Debian's Chromium. One worker: the tests share the demo server.
 */
export const APP_URL = 'http://127.0.0.1:4173/';
const reuse = !process.env.CI;

export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: APP_URL,
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    trace: 'on-first-retry',
  },
  webServer: [
    { command: 'node demo/main.js --port 9090', url: 'http://127.0.0.1:9090/.well-known/openid-configuration', reuseExistingServer: reuse, stdout: 'ignore' },
    // a second, independent provider (own keys, sessions and codes; same demo clients): settings typed
    // over a 9090 preset must not keep talking to 9090
    { command: 'node demo/main.js --port 9092', url: 'http://127.0.0.1:9092/.well-known/openid-configuration', reuseExistingServer: reuse, stdout: 'ignore' },
    // a second, independently written authorization server: Django OAuth Toolkit from Debian's packages,
    // installed first when missing (apt-get as root or with passwordless sudo; hence the long timeout)
    {
      command: 'node scripts/ensure-dot-server.js && exec /usr/bin/python3 tests/support/dot-server.py --port 9093',
      url: 'http://127.0.0.1:9093/.well-known/openid-configuration',
      reuseExistingServer: reuse,
      stdout: 'ignore',
      timeout: 300_000,
    },
    { command: 'node tests/support/hostile-server.js', url: 'http://127.0.0.1:9091/', reuseExistingServer: reuse, stdout: 'ignore' },
    { command: 'npx vite preview --port 4173 --strictPort', url: APP_URL, reuseExistingServer: reuse, stdout: 'ignore' },
    // the local proxy, allowed to reach the demo on loopback, with a fixed pairing token
    { command: 'node proxy/main.js --port 8787 --allow-loopback', env: { PROXY_TOKEN: E2E_PROXY_TOKEN }, url: `${E2E_PROXY_URL}/`, reuseExistingServer: reuse, stdout: 'ignore' },
  ],
});
