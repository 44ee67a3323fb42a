/**
 * What running anything needs and opening the page does not: the request context (recording fetch,
 * proxy route, on-demand metadata), the flow port and the flows by grant. Loaded with the first
 * action (or at idle time after start-up), so the first paint stays small.
 */
import type { FetchLike } from '../http/exchange';
import type { ActionParts } from './actions.svelte';
import { loadFlow } from './flows';
import type { FlowPort } from './flows/flow';
import { flowPort, type FlowPortParts } from './flows/port';
import { renew } from './flows/refresh';
import { Requests } from './requests.svelte';

export interface Runtime {
  requests: Requests;
  port: FlowPort;
  loadFlow: typeof loadFlow;
  renew: typeof renew;
  /** `Discover`, `Revoke`/`Introspect`/`UserInfo` and `Send` (`actions.svelte.ts`, loaded with the first). */
  discover(): Promise<void>;
  tokenOperation(kind: 'revoke' | 'introspect' | 'userinfo'): Promise<void>;
  sendTestRequest(): Promise<void>;
}

export function createRuntime(parts: Omit<FlowPortParts, 'requests'> & Omit<ActionParts, 'requests'> & { fetch: FetchLike }): Runtime {
  const requests = new Requests({ fetch: parts.fetch, now: parts.now, config: parts.config, scope: parts.scope, tasks: parts.tasks, log: parts.log });
  const port = flowPort({ ...parts, requests });
  const actions = () => import('./actions.svelte');
  const withRequests: ActionParts = { ...parts, requests };
  return {
    requests,
    port,
    loadFlow,
    renew,
    discover: async () => (await actions()).discover(withRequests, port),
    tokenOperation: async (kind) => (await actions()).tokenOperation(withRequests, port, kind),
    sendTestRequest: async () => (await actions()).sendTestRequest(withRequests, port),
  };
}
