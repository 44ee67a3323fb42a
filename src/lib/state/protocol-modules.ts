/** Everything `loadProtocol()` brings: the protocol entry points the state classes call. */
export { describeError } from '../oauth/describe-error';
export { requestToken, refreshTokens } from '../oauth/token-request';
export { startAuthorization, completeAuthorization } from '../oauth/authorization-code';
export { startDeviceAuthorization, pollDeviceToken } from '../oauth/device';
export { discover } from '../oauth/discovery';
export { revokeToken, introspectToken, fetchUserInfo } from '../oauth/token-operations';
export { prepareTestRequest, sendTestRequest } from '../http/test-request';
export { generateDpopKeyPair, dpopHandle } from '../oauth/dpop';
export { generateClientKeyPair } from '../oauth/private-key-jwt';
export { signJwtBearerAssertion } from '../oauth/extension-grants';
