/**
 * Device Authorization Grant: ask for a user code, then poll the token endpoint while the user
 * approves on another device.
 * @see https://www.rfc-editor.org/rfc/rfc8628
 */
import * as oauth from 'oauth4webapi';
import { filledRows, type OAuth2Settings } from '../config/auth-config';
import type { ProtocolContext } from './context';
import { withNonceRetry } from './dpop';
import { authorizationServerFrom, clientFrom, requestOptions } from './server';
import { toTokenSet, type TokenSet } from './token-set';
import { requireUrl } from './validate';

export interface DeviceStart {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string;
  /** Seconds the codes stay valid. */
  expires_in: number;
  /** Seconds to wait between polls; 5 when the server does not say (RFC 8628 §3.2). */
  interval: number;
}

/** Requests a device code and user code. */
export async function startDeviceAuthorization(settings: OAuth2Settings, ctx: ProtocolContext): Promise<DeviceStart> {
  const url = requireUrl(settings.deviceAuthorizationUrl, 'Device authorization URL');
  requireUrl(settings.tokenUrl, 'Token URL');
  const as = authorizationServerFrom(settings);
  const { client, clientAuth } = await clientFrom(settings);
  const params = new URLSearchParams();
  if (settings.scope.trim()) params.set('scope', settings.scope.trim());
  for (const { key, value } of filledRows(settings.extraParams)) params.append(key, value);
  const response = await oauth.deviceAuthorizationRequest(as, client, clientAuth, params, requestOptions(url, ctx));
  const result = await oauth.processDeviceAuthorizationResponse(as, client, response);
  const start: DeviceStart = {
    device_code: result.device_code,
    user_code: result.user_code,
    verification_uri: result.verification_uri,
    expires_in: result.expires_in,
    interval: typeof result.interval === 'number' ? result.interval : 5,
  };
  if (typeof result.verification_uri_complete === 'string') start.verification_uri_complete = result.verification_uri_complete;
  return start;
}

/** One poll's outcome. `expired_token`, `access_denied` and other errors are thrown. */
export type DevicePoll = { status: 'pending' } | { status: 'slow_down' } | { status: 'done'; token: TokenSet };

/** Polls the token endpoint once with the device code. */
export async function pollDeviceToken(settings: OAuth2Settings, deviceCode: string, ctx: ProtocolContext): Promise<DevicePoll> {
  const tokenUrl = requireUrl(settings.tokenUrl, 'Token URL');
  const as = authorizationServerFrom(settings);
  const { client, clientAuth } = await clientFrom(settings);
  try {
    const result = await withNonceRetry(async () => {
      const response = await oauth.deviceCodeGrantRequest(as, client, clientAuth, deviceCode, requestOptions(tokenUrl, ctx));
      return oauth.processDeviceCodeResponse(as, client, response);
    });
    return { status: 'done', token: toTokenSet(result as unknown as Record<string, unknown>, ctx.now(), settings.scope) };
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError && error.error === 'authorization_pending') return { status: 'pending' };
    if (error instanceof oauth.ResponseBodyError && error.error === 'slow_down') return { status: 'slow_down' };
    throw error;
  }
}
