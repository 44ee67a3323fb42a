/** Everything `loadProtocol()` brings: the protocol entry points the state classes call. */
export { describeError } from '../oauth/describe-error';
export { requestToken } from '../oauth/token-request';
export { prepareTestRequest, sendTestRequest } from '../http/test-request';
