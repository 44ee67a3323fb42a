import type { DPoPHandle } from 'oauth4webapi';
import type { FetchLike } from '../http/exchange';

/** What a protocol step needs from the outside world; injected so unit tests can pass canned responses. */
export interface ProtocolContext {
  /** Every request goes through this (the recording fetch in the app). */
  fetch: FetchLike;
  /** The user's "Allow plain http" switch; loopback is allowed regardless. */
  allowInsecureHttp: boolean;
  now: () => number;
  /** Sender-constrain tokens with this DPoP key (RFC 9449): a proof goes with token and resource requests. */
  dpop?: DPoPHandle;
}
