/** Client Credentials, the (legacy) password grant and the extension grants: one token request. */
import type { GrantType } from '../../config/auth-config';
import { describe, loadProtocol } from '../protocol';
import type { Flow, FlowPort } from './flow';

function tokenRequestFlow(grant: GrantType): Flow {
  return {
    grant,
    async start(port: FlowPort) {
      if (!port.beginAttempt({ cancellable: true })) return;
      try {
        const settings = port.settings();
        const { requestToken } = await loadProtocol();
        const { dpopKeyPair, dpop } = await port.newDpop(settings);
        const token = await requestToken(settings, { ...port.context('Token request'), ...(dpop ? { dpop } : {}) });
        await port.keepToken(token, settings, dpopKeyPair ? { dpopKeyPair } : {}, dpop);
      } catch (error) {
        port.fail(await describe(error, 'Token request'));
      } finally {
        port.tasks.end();
      }
    },
    cancel: (port) => port.tasks.cancel(),
  };
}

export const clientCredentialsFlow = tokenRequestFlow('client_credentials');
export const passwordFlow = tokenRequestFlow('password');
export const customGrantFlow = tokenRequestFlow('custom');
export const tokenExchangeFlow = tokenRequestFlow('urn:ietf:params:oauth:grant-type:token-exchange');
export const jwtBearerFlow = tokenRequestFlow('urn:ietf:params:oauth:grant-type:jwt-bearer');
