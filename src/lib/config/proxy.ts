/**
 * The "Send through local proxy" setting of one credential, and the pairing link the proxy prints
 * (`#proxy-token=…&proxy=…` in the URL fragment). Plain data and pure functions.
 */

/** Where `npm run proxy` listens by default. */
export const DEFAULT_PROXY_URL = 'http://127.0.0.1:8787';

export interface ProxySettings {
  /** Send this credential's token and test requests through the proxy. */
  enabled: boolean;
  /** The proxy's base URL: the local one, or one a team hosts (same protocol). */
  url: string;
  /** The pairing token the proxy printed. A secret: never stored, shared or exported. */
  token: string;
}

export function emptyProxySettings(): ProxySettings {
  return { enabled: false, url: DEFAULT_PROXY_URL, token: '' };
}

/** `value` (read from storage) as `ProxySettings`; anything missing or ill-typed takes its default. */
export function parseProxySettings(value: unknown): ProxySettings {
  const base = emptyProxySettings();
  if (typeof value !== 'object' || value === null) return base;
  const v = value as Record<string, unknown>;
  return {
    enabled: typeof v.enabled === 'boolean' ? v.enabled : base.enabled,
    url: typeof v.url === 'string' ? v.url : base.url,
    token: typeof v.token === 'string' ? v.token : '',
  };
}

const LOCAL_PROXY = /^http:\/\/(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d{1,5})?\/?$/i;

/**
 * The pairing the proxy's link carries in `url`'s fragment, and `url` without it. A proxy URL in
 * the link is taken only when it is a loopback address: a link must not be able to send
 * credentials to another machine.
 */
export function takePairing(url: URL): { token: string; proxyUrl?: string; cleaned: URL } | null {
  const params = new URLSearchParams(url.hash.slice(1));
  const token = params.get('proxy-token');
  if (!token) return null;
  const proxyUrl = params.get('proxy') ?? '';
  params.delete('proxy-token');
  params.delete('proxy');
  const cleaned = new URL(url);
  cleaned.hash = params.size ? params.toString() : '';
  return LOCAL_PROXY.test(proxyUrl) ? { token, proxyUrl: proxyUrl.replace(/\/$/, ''), cleaned } : { token, cleaned };
}
