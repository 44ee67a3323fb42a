/** Settings builders for unit tests: a blank configuration with only the fields a test cares about changed. */
import { emptyAuthConfig, type OAuth2Settings } from '../../../src/lib/config/auth-config';

/** Client-credentials settings against `https://auth.example.com/oauth/token`, overridable field by field. */
export function oauth2Settings(overrides: Partial<OAuth2Settings> = {}): OAuth2Settings {
  return {
    ...emptyAuthConfig().oauth2,
    grantType: 'client_credentials',
    tokenUrl: 'https://auth.example.com/oauth/token',
    clientId: 'my-client',
    clientSecret: 'my-client-secret-value',
    clientAuth: 'client_secret_basic',
    ...overrides,
  };
}
