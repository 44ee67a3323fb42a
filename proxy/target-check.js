// @ts-check
// Which targets the local proxy may forward to. Pure functions, no I/O: the URL check runs before
// anything is sent, the address check runs on every address DNS returns (so the connection goes to
// an address that was checked, not to whatever a second lookup would say).

/**
 * @typedef {'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'reserved'} AddressCategory
 * @typedef {{ allowLoopback?: boolean, allowPrivate?: boolean }} TargetPolicy
 * @typedef {{ ok: true, url: URL, host: string } | { ok: false, status: number, code: string, description: string }} TargetCheck
 */

/** @param {string} text @returns {number[] | null} the four bytes, or null when not dotted-quad IPv4 */
function parseIPv4(text) {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

/** @param {string} text @returns {number[] | null} the eight 16-bit groups, or null when not IPv6 */
function parseIPv6(text) {
  const address = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!/^[0-9a-f:.]+$/i.test(address) || !address.includes(':')) return null;
  const halves = address.split('::');
  if (halves.length > 2) return null;
  /** @param {string} half @returns {number[] | null} */
  const groups = (half) => {
    if (half === '') return [];
    const out = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = /** @type {string} */ (pieces[i]);
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIPv4(piece);
        if (!v4) return null;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        out.push(parseInt(piece, 16));
      } else return null;
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array(missing).fill(0), ...tail] : null;
}

/** @param {number[]} b four bytes @returns {AddressCategory} */
function categorizeIPv4(b) {
  const [a = 0, c = 0, d = 0] = b;
  if (a === 0) return 'unspecified'; // 0.0.0.0/8 "this network": 0.0.0.0 reaches the local host
  if (a === 127) return 'loopback';
  if (a === 10) return 'private';
  if (a === 172 && c >= 16 && c <= 31) return 'private';
  if (a === 192 && c === 168) return 'private';
  if (a === 100 && c >= 64 && c <= 127) return 'private'; // 100.64.0.0/10 carrier-grade NAT
  if (a === 169 && c === 254) return 'link-local'; // includes 169.254.169.254, cloud metadata
  if (a === 192 && c === 0 && (d === 0 || d === 2)) return 'reserved'; // 192.0.0.0/24, 192.0.2.0/24
  if (a === 198 && (c === 18 || c === 19)) return 'reserved'; // 198.18.0.0/15 benchmarking
  if (a === 198 && c === 51 && d === 100) return 'reserved';
  if (a === 203 && c === 0 && d === 113) return 'reserved';
  if (a >= 224) return 'reserved'; // multicast, 240/4, broadcast
  return 'public';
}

/** @param {number[]} g eight groups @returns {AddressCategory} */
function categorizeIPv6(g) {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const v4 = [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff];
  const zeroPrefix = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (zeroPrefix && g5 === 0 && g6 === 0 && g7 === 0) return 'unspecified'; // ::
  if (zeroPrefix && g5 === 0 && g6 === 0 && g7 === 1) return 'loopback'; // ::1
  if (zeroPrefix && g5 === 0xffff) return categorizeIPv4(v4); // ::ffff:a.b.c.d, IPv4-mapped
  if (zeroPrefix && g5 === 0) return 'reserved'; // ::a.b.c.d, deprecated IPv4-compatible
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return categorizeIPv4(v4); // NAT64
  if (g0 === 0x2002) return categorizeIPv4([g1 >> 8, g1 & 0xff, g2 >> 8, g2 & 0xff]); // 6to4 embeds an IPv4 address
  if ((g0 & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // fec0::/10, deprecated site-local
  if (g0 === 0x2001 && g1 === 0x0db8) return 'reserved'; // documentation
  if (g0 === 0x2001 && g1 === 0) return 'reserved'; // Teredo tunnels to an embedded IPv4 address
  if ((g0 & 0xe000) !== 0x2000) return 'reserved'; // outside 2000::/3, the global unicast space
  return 'public';
}

/**
 * What kind of address `ip` is (IPv4, IPv6, IPv4-mapped IPv6, with or without brackets).
 * Returns null when `ip` is not an IP address.
 * @param {string} ip
 * @returns {AddressCategory | null}
 */
export function categorizeAddress(ip) {
  const v4 = parseIPv4(ip);
  if (v4) return categorizeIPv4(v4);
  const v6 = parseIPv6(ip);
  return v6 ? categorizeIPv6(v6) : null;
}

/**
 * Whether the proxy may connect to `ip` under `policy`: public addresses always; loopback with
 * `allowLoopback`; private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) with
 * `allowPrivate`; link-local (169.254/16 with the cloud metadata address, fe80::/10), unspecified
 * (0.0.0.0, ::) and reserved addresses never.
 * @param {string} ip
 * @param {TargetPolicy} policy
 * @returns {{ ok: true } | { ok: false, description: string }}
 */
export function checkAddress(ip, policy) {
  const category = categorizeAddress(ip);
  if (category === 'public') return { ok: true };
  if (category === 'loopback' && policy.allowLoopback) return { ok: true };
  if (category === 'private' && policy.allowPrivate) return { ok: true };
  const why = {
    loopback: 'a loopback address (start the proxy with --allow-loopback to reach local servers)',
    private: 'a private-network address (start the proxy with --allow-private to reach it)',
    'link-local': 'a link-local address (such as the cloud metadata service 169.254.169.254), never forwarded to',
    unspecified: 'an unspecified address (0.0.0.0 or ::), never forwarded to',
    reserved: 'a reserved or non-routable address, never forwarded to',
  };
  return { ok: false, description: `${ip} is ${category === null ? 'not an IP address' : why[category]}` };
}

/**
 * True for host names that name this machine: localhost, *.localhost, 127.x.y.z and ::1.
 * @param {string} hostname as `URL.hostname` gives it (IPv6 in brackets)
 */
export function isLoopbackHost(hostname) {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost') || categorizeAddress(host) === 'loopback';
}

/**
 * Checks an absolute target URL before anything is sent: `https:` anywhere, plain `http:` only to
 * loopback; no credentials in the URL; an IP-literal host must pass `checkAddress`, a loopback name
 * needs `allowLoopback`. Host names are checked again on every address DNS returns for them.
 * @param {string | undefined} target
 * @param {TargetPolicy} policy
 * @returns {TargetCheck}
 */
export function checkTargetUrl(target, policy) {
  if (!target) return { ok: false, status: 400, code: 'missing_target', description: 'The X-Proxy-Target header with the absolute URL to forward to is missing.' };
  let url;
  try {
    url = new URL(target);
  } catch {
    return { ok: false, status: 400, code: 'invalid_target', description: 'X-Proxy-Target is not an absolute URL.' };
  }
  const refuse = (/** @type {string} */ description) => ({ ok: /** @type {const} */ (false), status: 403, code: 'target_forbidden', description });
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse(`${url.protocol} URLs are not forwarded: only https (and http to loopback).`);
  if (url.username || url.password) return refuse('URLs with a user name or password in them are not forwarded.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol === 'http:' && !loopback) return refuse(`Plain http is forwarded only to loopback; ${url.host} needs https.`);
  if (loopback && !policy.allowLoopback) return refuse(`${url.host} is a loopback target (start the proxy with --allow-loopback to reach local servers).`);
  if (categorizeAddress(host) !== null) {
    const address = checkAddress(host, policy);
    if (!address.ok) return refuse(`${address.description}.`);
  }
  return { ok: true, url, host };
}
