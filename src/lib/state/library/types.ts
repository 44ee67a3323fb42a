/** What the credential library needs and tells: its ports and its typed event map. */
import type { AuthConfig, TestRequestConfig } from '../../config/auth-config';
import type { CredentialSummary, SecretValues } from '../../config/credential';
import type { Variable } from '../../config/variables';
import type { PlaygroundStorage } from '../../store/storage';
import type { ConfigurationState } from '../configuration.svelte';

/** What the library needs of the configuration open now. */
export interface LibraryDeps {
  storage: PlaygroundStorage;
  now: () => number;
  current(): { credential: CredentialSummary | null; state: ConfigurationState; savedSecrets: SecretValues };
  /** Writes the open configuration's log (before a new credential adopts it). */
  flushLog(): Promise<void>;
}

/** What the library tells the rest of the state. */
export type LibraryEvents = {
  /** Open this configuration: a saved credential (`saved` is its stored version) or a new unsaved one. */
  open: {
    credential: CredentialSummary | null;
    savedSecrets: SecretValues;
    locked: boolean;
    state: ConfigurationState;
    saved: { auth: AuthConfig; testRequest: TestRequestConfig } | null;
    /** On reload: the form (the draft) holds the latest edits; keep it. */
    keepForm?: boolean;
  };
  /** The open configuration was saved: its secrets left the fields for the vault. */
  saved: { credential: CredentialSummary; savedSecrets: SecretValues; state: ConfigurationState };
  /** The open credential's summary changed (renamed, a saved secret cleared). */
  changed: CredentialSummary;
  /** The open credential's saved secrets, after lock, unlock or clearing one. */
  secrets: { savedSecrets: SecretValues; locked: boolean };
  /** The active environment's variables (secret values decrypted). */
  variables: { variables: Variable[]; environmentId: string | null };
  /** Another tab changed the tokens. */
  tokens: undefined;
  /** Another tab wrote this log. */
  log: string;
};


/** A saved credential's tile. */
export interface CredentialTile extends CredentialSummary {
  tokenStatus: string;
}
