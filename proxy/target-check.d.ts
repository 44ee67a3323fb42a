// Types for target-check.js (plain JS so that `node proxy/main.js` runs without a build step).
export type AddressCategory = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'reserved';
export interface TargetPolicy {
  allowLoopback?: boolean;
  allowPrivate?: boolean;
}
export type TargetCheck = { ok: true; url: URL; host: string } | { ok: false; status: number; code: string; description: string };
export function categorizeAddress(ip: string): AddressCategory | null;
export function checkAddress(ip: string, policy: TargetPolicy): { ok: true } | { ok: false; description: string };
export function isLoopbackHost(hostname: string): boolean;
export function checkTargetUrl(target: string | undefined, policy: TargetPolicy): TargetCheck;
