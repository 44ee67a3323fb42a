/**
 * The parts of editing that the first paint does not need: the draft autosave and the per-credential
 * edits (Drafts), and switching between configurations (Workspace). Loaded with the saved
 * credentials, right after start-up.
 */
import type { PlaygroundStorage } from '../store/storage';
import type { Configuration } from './configuration.svelte';
import type { CredentialLibrary } from './credential-library.svelte';
import { Drafts, type DraftsDeps } from './drafts.svelte';
import type { ExchangeLog } from './exchange-log.svelte';
import type { SecretScope } from './secret-scope.svelte';
import type { TokenRunList } from './token-runs.svelte';
import { Workspace, type WorkspaceDeps } from './workspace.svelte';

export interface Editing {
  drafts: Drafts;
  workspace: Workspace;
}

export function createEditing(deps: Omit<DraftsDeps, 'credentialId'> & Omit<WorkspaceDeps, 'drafts' | 'config'>): Editing {
  let workspace: Workspace | undefined;
  const drafts = new Drafts({ storage: deps.storage, config: deps.config, credentialId: () => workspace?.credential?.id ?? null, onProblem: deps.onProblem });
  workspace = new Workspace({ ...deps, config: deps.config, drafts });
  return { drafts, workspace };
}

export interface LibraryWiring {
  storage: PlaygroundStorage;
  now: () => number;
  config: Configuration;
  scope: SecretScope;
  tokens: TokenRunList;
  editing: Editing;
  log: () => ExchangeLog | null;
}

/** The credential library, its events joined to the configuration, secrets, tokens and log they change. */
export async function openLibrary({ storage, now, config, scope, tokens, editing, log }: LibraryWiring): Promise<CredentialLibrary> {
  const { CredentialLibrary } = await import('./credential-library.svelte');
  const { workspace } = editing;
  const library = new CredentialLibrary({
    storage,
    now,
    current: () => ({ credential: workspace.credential, state: config.snapshot(), savedSecrets: scope.savedSecrets }),
    flushLog: async () => log()?.flush(),
  });
  library.events.on('open', (options) => workspace.openFromLibrary(options));
  library.events.on('saved', (saved) => workspace.saved(saved));
  library.events.on('changed', (credential) => workspace.changed(credential));
  library.events.on('secrets', ({ savedSecrets, locked }) => scope.useSavedSecrets(savedSecrets, locked));
  library.events.on('variables', ({ variables, environmentId }) => scope.useVariables(variables, environmentId));
  library.events.on('tokens', () => tokens.reload());
  library.events.on('log', (key) => log()?.takeStored(key));
  return library;
}
