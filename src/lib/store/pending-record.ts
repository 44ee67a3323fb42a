/**
 * Stored pending authorizations: their shape, the checks for them read back from storage, and the
 * sealing of the client secret a full-page redirect must keep. Part of the storage module, loaded
 * when an authorization starts or is looked up rather than at startup; needs nothing from `storage.ts`.
 */
import type { PendingAuthorization } from '../oauth/authorization-code';
import { PENDING_LIFETIME_MS } from '../oauth/callback';
import { parseAuthConfig } from '../config/schema';
import { isKeyPair, isObject } from './record-checks';
import { isSealedSecret, seal, unseal, type SealedSecret } from './seal';

export interface PendingRecord {
  pending: PendingAuthorization;
  /** The client secret, sealed, for a flow that leaves the page (redirect); absent for popups. */
  clientSecret?: string;
}

/** A pending authorization as stored under `pending:<state>` (`KEYS.pending` in `storage.ts`), its secret sealed. */
export async function storedPending({ pending, clientSecret }: PendingRecord, schemaVersion: number): Promise<Record<string, unknown>> {
  const stored: Record<string, unknown> = { v: schemaVersion, pending: structuredClone(pending) };
  if (clientSecret) stored.sealed = await seal(clientSecret);
  return stored;
}

/** Checks a stored pending authorization; an unusable one yields undefined. */
export function parsePendingStored(value: unknown): { pending: PendingAuthorization; sealed?: SealedSecret } | undefined {
  if (!isObject(value) || !isObject(value.pending)) return undefined;
  const p = value.pending;
  const strings = ['state', 'codeVerifier', 'codeChallenge', 'redirectUri'] as const;
  if (!strings.every((key) => typeof p[key] === 'string') || typeof p.createdAt !== 'number') return undefined;
  const pending: PendingAuthorization = {
    state: p.state as string,
    codeVerifier: p.codeVerifier as string,
    codeChallenge: p.codeChallenge as string,
    codeChallengeMethod: p.codeChallengeMethod === 'plain' ? 'plain' : 'S256',
    redirectUri: p.redirectUri as string,
    createdAt: p.createdAt,
    via: p.via === 'popup' ? 'popup' : 'redirect',
    settings: parseAuthConfig({ oauth2: p.settings }).oauth2,
  };
  if (typeof p.nonce === 'string') pending.nonce = p.nonce;
  if (isKeyPair(p.dpopKeyPair)) pending.dpopKeyPair = p.dpopKeyPair;
  return isSealedSecret(value.sealed) ? { pending, sealed: value.sealed } : { pending };
}

export async function openPending(stored: { pending: PendingAuthorization; sealed?: SealedSecret } | undefined): Promise<PendingRecord | undefined> {
  if (!stored) return undefined;
  return stored.sealed ? { pending: stored.pending, clientSecret: await unseal(stored.sealed) } : { pending: stored.pending };
}

/**
 * Whether a stored pending authorization can no longer be completed: older than
 * `PENDING_LIFETIME_MS` at `now`, dated more than that ahead (the clock was changed), or unreadable.
 */
export function isExpiredPending(value: unknown, now: number): boolean {
  const createdAt = parsePendingStored(value)?.pending.createdAt;
  return createdAt === undefined || !Number.isFinite(createdAt) || Math.abs(now - createdAt) > PENDING_LIFETIME_MS;
}
