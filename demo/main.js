#!/usr/bin/env node
// CLI: `node demo/main.js [--port 9090] [--host 127.0.0.1]` starts the local demo server
// and prints its URLs and demo credentials; Ctrl+C stops it.
import { parseArgs } from 'node:util';

import { startDemoServer } from './server.js';

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      port: { type: 'string', default: '9090' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (err) {
  console.error(`${err.message}\nUsage: node demo/main.js [--port 9090] [--host 127.0.0.1]`);
  process.exit(2);
}

if (options.help) {
  console.log('Usage: node demo/main.js [--port 9090] [--host 127.0.0.1]');
  process.exit(0);
}

const port = Number(options.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer from 0 to 65535, got "${options.port}"`);
  process.exit(2);
}

let demo;
try {
  demo = await startDemoServer({ host: options.host, port });
} catch (err) {
  console.error(`Could not start the demo server: ${err.message}`);
  process.exit(1);
}

const { urls } = demo;
const rows = [
  ['Issuer', urls.issuer],
  ['Discovery', urls.discovery],
  ['Token', urls.token],
  ['Token without CORS', urls.noCorsToken],
  ['Device verification', urls.deviceVerification],
  ['API (Bearer, DPoP)', `${urls.apiMe}  ${urls.apiGraphql}`],
  ['API key', `${urls.apiKey}  (X-API-Key or ?api_key=, demo-api-key)`],
  ['Basic', `${urls.apiBasic}  (demo / demo-password)`],
  ['Clazar-style', `${urls.clazarAuthenticate}  (JSON demo-clazar / demo-clazar-secret)`],
  ['Close-style', `${urls.closeMe}  (Basic user demo-close-api-key, empty password)`],
  ['', ''],
  ['demo-cc', 'client_credentials, secret demo-cc-secret (Basic; post accepted)'],
  ['demo-cc-post', 'client_credentials, secret demo-cc-post-secret (post)'],
  ['demo-cc-public', 'client_credentials, no client authentication'],
  ['demo-pkjwt', 'client_credentials, private_key_jwt (key: demo/keys/demo-pkjwt.private.jwk.json)'],
  ['demo-password', 'password + refresh, secret demo-password-secret (Basic)'],
  ['demo-spa', 'public: code + PKCE, refresh, device code'],
  ['demo-web', 'confidential, secret demo-web-secret: code + PKCE, refresh, password'],
  ['Sign-in', 'any login name and password (e.g. demo-user)'],
  ['Password grant', 'demo-user / demo-password, demo-admin / demo-admin-password'],
  ['Device code TTL', `${demo.deviceCodeTTL} s (DEMO_DEVICE_CODE_TTL)`],
];
const width = Math.max(...rows.map(([label]) => label.length));
console.log(`\nOAuth Playground demo server\n\n${rows.map(([label, value]) => (label ? `  ${label.padEnd(width)}  ${value}` : '')).join('\n')}\n\nPress Ctrl+C to stop.`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  try {
    await demo.close();
    process.exit(0);
  } catch (err) {
    console.error(`Error while stopping: ${err.message}`);
    process.exit(1);
  }
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
