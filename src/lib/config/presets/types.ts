import type { Variable } from '../variables';
import type { AuthType, OAuth2Settings, ApiKeySettings, BasicSettings, BearerSettings, TestRequestConfig } from '../auth-config';

/** A provider template: plain data laid over a blank configuration by `applyPreset`. */
export interface Preset {
  id: string;
  /** Shown in the `Preset` picker. */
  name: string;
  /** One line: what this preset demonstrates. */
  summary: string;
  /** One line: where in the vendor's console the client id and secret (or key) are found. */
  whereToFindCredentials: string;
  /**
   * For people running this repository (how to start the demo server, where its clients are
   * listed): shown after `whereToFindCredentials`, never inside an embed (`?embed=1`).
   */
  developerNote?: string;
  /** What this provider does differently from plain RFC 6749, one sentence each, shown with the preset. */
  quirks?: string[];
  authType: AuthType;
  oauth2?: Partial<OAuth2Settings>;
  apiKey?: Partial<ApiKeySettings>;
  basic?: Partial<BasicSettings>;
  bearer?: Partial<BearerSettings>;
  testRequest?: Partial<TestRequestConfig>;
  /** Variables the preset's `{{name}}` placeholders need, with example values, added to the active environment when missing. */
  variables?: Variable[];
}
