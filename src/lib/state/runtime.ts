/**
 * What running anything needs and opening the page does not: the request context (recording fetch,
 * proxy route, on-demand metadata), the flow port and the flows by grant. Loaded with the first
 * action (or at idle time after start-up), so the first paint stays small.
 */
import type { FetchLike } from '../http/exchange';
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
}

export function createRuntime(parts: Omit<FlowPortParts, 'requests'> & { fetch: FetchLike }): Runtime {
  const requests = new Requests({ fetch: parts.fetch, now: parts.now, config: parts.config, scope: parts.scope, tasks: parts.tasks, log: parts.log });
  return { requests, port: flowPort({ ...parts, requests }), loadFlow, renew };
}
