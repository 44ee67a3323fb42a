/** The proxy the end-to-end tests start (playwright.config.ts) and talk to: fixed port and pairing token. */
export const E2E_PROXY_URL = 'http://127.0.0.1:8787';
export const E2E_PROXY_TOKEN = 'e2e-proxy-pairing-token-not-a-secret';
