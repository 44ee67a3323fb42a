/**
 * Stored token runs: their shape and the checks for them read back from storage (untrusted, like
 * every stored record). Part of the storage module, loaded with the first token read or written
 * rather than at startup (an embed draws `Get token` before any); needs nothing from `storage.ts`.
 */
import type { TokenSet } from '../oauth/token-set';
import { isKeyPair, isObject } from './record-checks';

/** Where a stored token came from, so the UI can tell when settings changed since. */
export interface TokenSource {
  authType: string;
  grantType: string;
  tokenUrl: string;
  clientId: string;
  clientAuth: string;
  /** The environment active when the token was obtained (its variables shaped the request); null for none. */
  environmentId?: string | null;
}

export interface TokenRecord {
  token: TokenSet;
  source: TokenSource;
  /** ID token claims validated when the token was obtained (OpenID Connect). */
  idTokenClaims?: Record<string, unknown>;
  idTokenSignature?: 'verified' | 'not-checked';
  /** The DPoP key the token is bound to (non-extractable; stays in this browser). */
  dpopKeyPair?: CryptoKeyPair;
  /**
   * The ID token failed a check: the tokens are kept to study, but test requests do not use them
   * until the person chooses `Use these tokens anyway` (`accepted`).
   */
  idTokenRejected?: { message: string; check: string; expected?: string; received?: string; field?: string };
  accepted?: boolean;
}

/** One run: a token record with an id. */
export interface TokenRun extends TokenRecord {
  id: string;
}

export interface TokenRuns {
  /** The run the test request uses. */
  currentId: string | null;
  /** Newest first. */
  items: TokenRun[];
}

/** Checks a stored token record; an unusable one yields undefined. */
export function parseTokenRecord(value: unknown): TokenRecord | undefined {
  if (!isObject(value) || !isObject(value.token) || !isObject(value.source)) return undefined;
  const t = value.token;
  const s = value.source;
  if (typeof t.access_token !== 'string' || typeof t.token_type !== 'string' || typeof t.obtainedAt !== 'number') return undefined;
  const token: TokenSet = {
    access_token: t.access_token,
    token_type: t.token_type,
    obtainedAt: t.obtainedAt,
    scopeFromServer: t.scopeFromServer === true,
    extra: isObject(t.extra) ? t.extra : {},
  };
  if (typeof t.refresh_token === 'string') token.refresh_token = t.refresh_token;
  if (typeof t.id_token === 'string') token.id_token = t.id_token;
  if (typeof t.scope === 'string') token.scope = t.scope;
  if (typeof t.expires_in === 'number') token.expires_in = t.expires_in;
  if (typeof t.expiresAt === 'number') token.expiresAt = t.expiresAt;
  const text = (key: string) => (typeof s[key] === 'string' ? (s[key] as string) : '');
  const record: TokenRecord = {
    token,
    source: { authType: text('authType'), grantType: text('grantType'), tokenUrl: text('tokenUrl'), clientId: text('clientId'), clientAuth: text('clientAuth') },
  };
  if (typeof s.environmentId === 'string' || s.environmentId === null) record.source.environmentId = s.environmentId;
  if (isObject(value.idTokenClaims)) record.idTokenClaims = value.idTokenClaims;
  if (value.idTokenSignature === 'verified' || value.idTokenSignature === 'not-checked') record.idTokenSignature = value.idTokenSignature;
  if (isKeyPair(value.dpopKeyPair)) record.dpopKeyPair = value.dpopKeyPair;
  const rejected = value.idTokenRejected;
  if (isObject(rejected) && typeof rejected.message === 'string' && typeof rejected.check === 'string') {
    record.idTokenRejected = { message: rejected.message, check: rejected.check };
    for (const key of ['expected', 'received', 'field'] as const) if (typeof rejected[key] === 'string') record.idTokenRejected[key] = rejected[key];
    if (value.accepted === true) record.accepted = true;
  }
  return record;
}

/** Checks the stored token runs; unusable items are dropped, a missing list is empty. */
export function parseTokenRuns(value: unknown): TokenRuns {
  if (!isObject(value) || !Array.isArray(value.items)) return { currentId: null, items: [] };
  const items = value.items.flatMap((item): TokenRun[] => {
    const record = parseTokenRecord(item);
    return record && isObject(item) && typeof item.id === 'string' ? [{ id: item.id, ...record }] : [];
  });
  const currentId = typeof value.currentId === 'string' && items.some((item) => item.id === value.currentId) ? value.currentId : (items[0]?.id ?? null);
  return { currentId, items };
}
