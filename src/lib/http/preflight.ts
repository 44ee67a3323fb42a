/**
 * Whether a cross-origin request needs a CORS preflight, and why: the method, or which header.
 * Pure. Used to explain a CORS block precisely.
 * @see https://fetch.spec.whatwg.org/#cors-safelisted-request-header
 */

/** @see https://fetch.spec.whatwg.org/#cors-safelisted-method */
const SAFELISTED_METHODS = new Set(['GET', 'HEAD', 'POST']);
const SAFELISTED_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
/** Bytes that make an otherwise safelisted header value need a preflight. */
// eslint-disable-next-line no-control-regex
const UNSAFE_BYTES = /[\x00-\x08\x0a-\x1f"():<>?@[\\\]{}\x7f]/;

export interface PreflightVerdict {
  /** The browser sends an OPTIONS request first and waits for the server's permission. */
  needed: boolean;
  /** Why, one short phrase each ("the Authorization header is not CORS-safelisted"). */
  reasons: string[];
}

/** `authorization` → `Authorization`, `dpop` → `DPoP`, `x-api-key` → `X-Api-Key`. */
function displayName(name: string): string {
  if (name === 'dpop') return 'DPoP';
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}

function headerReason(name: string, value: string): string | null {
  switch (name) {
    case 'accept':
    case 'accept-language':
    case 'content-language': {
      if (value.length > 128) return `the ${displayName(name)} header is longer than 128 bytes`;
      const bad = name === 'accept' ? UNSAFE_BYTES.test(value) : /[^0-9A-Za-z *,\-.;=]/.test(value);
      return bad ? `the ${displayName(name)} header holds characters that need a preflight` : null;
    }
    case 'content-type': {
      const essence = (value.split(';')[0] ?? '').trim().toLowerCase();
      if (!SAFELISTED_CONTENT_TYPES.has(essence)) return `Content-Type ${essence || '(empty)'} is not form, text or multipart`;
      if (value.length > 128 || UNSAFE_BYTES.test(value)) return 'the Content-Type value is too long or holds characters that need a preflight';
      return null;
    }
    case 'range':
      return /^bytes=\d+-\d*$/.test(value) ? null : 'the Range header is not a simple byte range';
    default:
      return `the ${displayName(name)} header is not CORS-safelisted`;
  }
}

/**
 * Whether a cross-origin `method` request with `headers` (the headers the page sets, not the
 * browser's own) needs a preflight, with every reason.
 * @see https://fetch.spec.whatwg.org/#cors-preflight-fetch
 */
export function explainPreflight(method: string, headers: Iterable<readonly [string, string]>): PreflightVerdict {
  const reasons: string[] = [];
  const upper = method.toUpperCase();
  if (!SAFELISTED_METHODS.has(upper)) reasons.push(`the method ${upper} is not GET, HEAD or POST`);
  let safelistedBytes = 0;
  for (const [rawName, value] of headers) {
    const name = rawName.toLowerCase();
    const reason = headerReason(name, value);
    if (reason) reasons.push(reason);
    else safelistedBytes += value.length;
  }
  if (safelistedBytes > 1024) reasons.push('the safelisted headers together are longer than 1024 bytes');
  return { needed: reasons.length > 0, reasons };
}
