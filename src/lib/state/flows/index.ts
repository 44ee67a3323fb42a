/**
 * The flows by grant, looked up instead of an if-chain. Each loads with its first use (none is
 * needed to open the page).
 */
import type { GrantType } from '../../config/auth-config';
import type { Flow } from './flow';

export type { Flow, FlowPort } from './flow';

const loaders: Record<GrantType, () => Promise<Flow>> = {
  client_credentials: async () => (await import('./token-request')).clientCredentialsFlow,
  password: async () => (await import('./token-request')).passwordFlow,
  'urn:ietf:params:oauth:grant-type:token-exchange': async () => (await import('./token-request')).tokenExchangeFlow,
  'urn:ietf:params:oauth:grant-type:jwt-bearer': async () => (await import('./token-request')).jwtBearerFlow,
  custom: async () => (await import('./token-request')).customGrantFlow,
  authorization_code: async () => (await import('./authorization-code.svelte')).authorizationCodeFlow,
  'urn:ietf:params:oauth:grant-type:device_code': async () => (await import('./device.svelte')).deviceFlow,
  refresh_token: async () => (await import('./refresh')).refreshFlow,
};

/** The flow for `grant`. */
export function loadFlow(grant: GrantType): Promise<Flow> {
  return loaders[grant]();
}
