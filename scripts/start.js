#!/usr/bin/env node
// `npm start`: the local demo authorization server and the app (vite dev server), both on
// loopback. Prints their URLs; Ctrl+C stops both.
import { createServer } from 'vite';
import { startDemoServer } from '../demo/server.js';

const demo = await startDemoServer({ port: Number(process.env.DEMO_PORT ?? 9090) }).catch((error) => {
  console.error(`Could not start the demo server: ${error.message}`);
  process.exit(1);
});
const vite = await createServer({ logLevel: 'warn' });
await vite.listen().catch(async (error) => {
  console.error(`Could not start the app: ${error.message}`);
  await demo.close();
  process.exit(1);
});

const appUrl = vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
console.log(`
  OAuth Playground     ${appUrl}
  Demo provider        ${demo.origin}  (endpoints and demo credentials: ${demo.origin}/)

  Open the app and click "Get token": the "Local demo" preset is filled in.
  Press Ctrl+C to stop.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([vite.close(), demo.close()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
