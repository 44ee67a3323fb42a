/**
 * DPoP: sender-constrained tokens. The key pair is generated in the browser, non-extractable, and
 * kept with the token it is bound to; oauth4webapi builds each proof.
 * @see https://www.rfc-editor.org/rfc/rfc9449
 */
import * as oauth from 'oauth4webapi';

/** A new non-extractable ES256 key pair for DPoP proofs. */
export function generateDpopKeyPair(): Promise<CryptoKeyPair> {
  return oauth.generateKeyPair('ES256');
}

/** The proof builder for `keyPair`; it remembers the server's nonces between requests. */
export function dpopHandle(keyPair: CryptoKeyPair): oauth.DPoPHandle {
  return oauth.DPoP({}, keyPair);
}

/**
 * Runs `attempt` again once when the server answered `use_dpop_nonce`: the handle has cached the
 * nonce from that answer, so the second proof carries it (RFC 9449 §8, §9).
 */
export async function withNonceRetry<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (oauth.isDPoPNonceError(error)) return attempt();
    throw error;
  }
}
