// Types for server.js (plain JS so that `node proxy/main.js` runs without a build step).
import type dns from 'node:dns';
import type { TargetPolicy } from './target-check.js';

export const DEFAULT_PORT: number;
export const DEFAULT_ORIGINS: string[];
export const DEFAULT_MAX_BODY_BYTES: number;
export const DEFAULT_MAX_RESPONSE_BYTES: number;
export const DEFAULT_TIMEOUT_MS: number;
export const MIN_TOKEN_LENGTH: number;
export function newPairingToken(): string;
export type LookupFunction = (
  hostname: string,
  options: dns.LookupOptions,
  callback: (err: Error | null, address: string | dns.LookupAddress[], family?: number) => void,
) => void;
export function createCheckedLookup(policy: TargetPolicy, lookup?: LookupFunction): LookupFunction;
export interface ProxyOptions {
  port?: number;
  origins?: string[];
  /** More `Host` header values to accept (a public name, behind an https reverse proxy). */
  hosts?: string[];
  token?: string;
  allowLoopback?: boolean;
  allowPrivate?: boolean;
  maxBodyBytes?: number;
  maxResponseBytes?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
  lookup?: LookupFunction;
}
export interface RunningProxy {
  url: string;
  port: number;
  token: string;
  origins: string[];
  close(): Promise<void>;
}
export function startProxy(options?: ProxyOptions): Promise<RunningProxy>;
