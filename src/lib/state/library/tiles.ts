/** What a saved credential's tile shows: its summary and its token status. */
import { credentialHost, type CredentialSummary } from '../../config/credential';
import { secondsLeft } from '../../oauth/token-set';
import type { StoredCredential } from '../../store/library-storage';
import type { TokenRuns } from '../../store/storage';

/** What the page knows of a stored credential (never its secrets). */
export function summary(c: StoredCredential): CredentialSummary {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    authType: c.auth.authType,
    host: credentialHost(c.auth, c.testRequest.url),
    secretFields: c.secretFields,
    updatedAt: c.updatedAt,
  };
}

/** "No token", "Token valid for 9 min", "Token expired". */
export function tokenStatus(runs: TokenRuns, now: number): string {
  const run = runs.items.find((item) => item.id === runs.currentId) ?? runs.items[0];
  if (!run) return 'No token';
  const left = secondsLeft(run.token, now);
  if (left === undefined) return 'Token (no expiry given)';
  if (left <= 0) return 'Token expired';
  return left >= 120 ? `Token valid for ${Math.floor(left / 60)} min` : `Token valid for ${left} s`;
}
