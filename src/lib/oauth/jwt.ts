/**
 * Decoding (not verifying) a JWT's header and claims for display. Verification is the protocol
 * layer's job (oauth4webapi); this only shows what a token says.
 * @see https://www.rfc-editor.org/rfc/rfc7519
 */

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** The time claims shown as local times. */
export const TIME_CLAIMS = ['exp', 'iat', 'nbf', 'auth_time'] as const;

function decodeSegment(segment: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) return null;
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  try {
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The header and claims of a compact JWS, or null when `token` is not one (an opaque token). */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const header = decodeSegment(parts[0]!);
  const claims = decodeSegment(parts[1]!);
  return header && claims ? { header, claims } : null;
}
