/** Which hosts may be reached over plain `http://` without the user opting in. */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for `http(s)://localhost`, `127.0.0.1`, `[::1]` and `*.localhost`. */
export function isLoopbackUrl(url: string | URL): boolean {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return false;
  }
  const host = parsed.hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Whether oauth4webapi's `allowInsecureRequests` may be set for `url`: always for loopback,
 * otherwise only when the user turned on "Allow plain http" (the UI then shows a warning).
 */
export function mayUseInsecureHttp(url: string | URL, userOptIn: boolean): boolean {
  return userOptIn || isLoopbackUrl(url);
}
