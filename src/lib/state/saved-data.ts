/**
 * What the playground loads once `Get token` is usable (`Playground.load`'s rest): every preset,
 * the saved credentials with the editing code they drive, the token runs and the exchange log of
 * the open configuration. Loaded lazily, so neither the app's first paint nor an embed's waits for
 * it; it reaches the playground through a narrow port. The editing code and the log come with it
 * (static imports: fetched in parallel with this module, not after it).
 */
import { loadAllPresets, type Preset } from '../config/presets';
import type { Variable } from '../config/variables';
import { DRAFT_OWNER, type Draft, type PlaygroundStorage } from '../store/storage';
import type { Configuration } from './configuration.svelte';
import type { CredentialLibrary } from './credential-library.svelte';
import { openLibrary, type Editing } from './editing';
import { ExchangeLog } from './exchange-log.svelte';
import type { SecretScope } from './secret-scope.svelte';
import type { TokenRunList } from './token-runs.svelte';

export interface SavedDataPort {
  storage: PlaygroundStorage;
  now: () => number;
  config: Configuration;
  scope: SecretScope;
  tokens: TokenRunList;
  secrets: () => readonly string[];
  editing: () => Promise<Editing>;
  library: () => CredentialLibrary | null;
  log: () => ExchangeLog | null;
  /** The saved credential open now, if any. */
  credentialId: () => string | null;
  /** A preset's variables chosen before the saved variables loaded; handed over once. */
  takePresetVariables: () => Variable[] | null;
  loaded: (parts: { presets?: readonly Preset[]; library?: CredentialLibrary; log?: ExchangeLog }) => void;
  /** Says in the page what could not be read; `first` keeps an earlier message. */
  problem: (message: string, first?: boolean) => void;
}

const unreadable = (error: unknown) => `Could not read saved data: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`;

/** Loads the rest after the restored `draft` (or the default preset) shows; a failure is said, not thrown. */
export async function loadSavedData(port: SavedDataPort, draft: Draft | undefined): Promise<void> {
  try {
    const owner = draft?.credentialId ?? DRAFT_OWNER;
    const [presets, library, runs] = await Promise.all([loadAllPresets(), credentialLibrary(port), port.storage.loadTokens(owner), openLog(port, owner), port.editing()]);
    port.loaded({ presets });
    await library.open(draft?.credentialId ?? null);
    const variables = port.takePresetVariables();
    if (variables?.length) await library.addPresetVariables(variables);
    // A saved credential brings its own secrets (never put back into the fields).
    if (draft && !draft.credentialId) (await port.editing()).drafts.refillPresetSecrets(presets);
    // The draft's credential may be gone (deleted in another tab): then the draft's own are used.
    const now = port.credentialId() ?? DRAFT_OWNER;
    await port.tokens.open(now, now === owner ? runs : undefined);
    if (now !== owner) await port.log()?.load(now);
  } catch (error) {
    port.problem(unreadable(error));
  }
}

/** The exchange log of `owner`; said in the page when it cannot load. */
async function openLog(port: SavedDataPort, owner: string): Promise<void> {
  try {
    const log = new ExchangeLog(port.storage, port.secrets, 'draft', (key) => port.library()?.announce('log', key));
    await log.load(owner);
    port.loaded({ log });
  } catch (error) {
    port.problem(`The exchange log is unavailable: ${error instanceof Error ? error.message : String(error)}.`, true);
  }
}

/** The saved credentials, with the editing code they drive (both lazy: see `editing.ts`). */
async function credentialLibrary(port: SavedDataPort): Promise<CredentialLibrary> {
  const editing = await port.editing();
  const library = port.library() ?? (await openLibrary({ storage: port.storage, now: port.now, config: port.config, scope: port.scope, tokens: port.tokens, editing, log: port.log }));
  port.loaded({ library });
  return library;
}
