/**
 * `Import from text` as the person lives it: paste a curl command, `Import text`, and the setup it
 * describes opens as a new unsaved configuration (nothing of the open one is kept, nothing saved is
 * overwritten), with a list of what was filled and what was ignored. An OpenAPI document first
 * offers its schemes (`Security scheme`), their scopes and an operation for the test request;
 * `Use this scheme` opens the choice. The hosts of a text the person pasted themselves count as
 * confirmed. Loaded with the Import panel, never at startup.
 */
import { confirmHosts, listHosts } from '../config/confirmed-hosts';
import { isLoopbackUrl } from '../http/insecure';
import { operationFor, readImportText, type ImportedSetup, type DocumentImport } from '../config/import';
import type { Variable } from '../config/variables';
import { messageOf } from './library/ids';
import type { ConfigurationState } from './configuration.svelte';

export interface TextImportDeps {
  /** Opens the settings as a new unsaved configuration. */
  open(state: ConfigurationState): Promise<void>;
  /** The active environment's variables. */
  variables(): readonly Variable[];
  /** The browser's fetch, for `OpenAPI URL`. */
  fetch: typeof fetch;
}

/** What the last import did, for the list shown after it. */
export interface TextImportResult {
  filled: string[];
  ignored: string[];
  hosts: string[];
}

/** An OpenAPI document read, waiting for the person's choice. */
export interface DocumentChoice {
  document: DocumentImport;
  /** Index into `openapi.schemes`. */
  scheme: number;
  scopes: string[];
  /** Index into `openapi.operations`; -1 for none. */
  operation: number;
}

export class TextImport {
  /** The `Import from text` textbox. */
  text = $state('');
  /** The document's schemes to choose from, after `Import text` read an OpenAPI document. */
  choice = $state<DocumentChoice | null>(null);
  #result = $state.raw<TextImportResult | null>(null);
  #problem = $state<string | null>(null);
  #busy = $state(false);
  readonly #deps: TextImportDeps;

  constructor(deps: TextImportDeps) {
    this.#deps = deps;
  }

  get result(): TextImportResult | null {
    return this.#result;
  }

  /** Why the text could not be imported; the settings were not changed. */
  get problem(): string | null {
    return this.#problem;
  }

  get busy(): boolean {
    return this.#busy;
  }

  /** `Import text`: a curl command opens at once; an OpenAPI document offers its schemes first. */
  async run(): Promise<void> {
    await this.#attempt(async () => {
      const read = await readImportText(this.text);
      if (read.kind === 'setup') return this.#open(read.setup);
      this.choice = { document: read.document, scheme: 0, scopes: [], operation: -1 };
      this.pickScheme(0);
    });
  }

  /** The `Import file` picker: the file's text, read as if pasted. */
  async runFile(file: File): Promise<void> {
    if (file.size > 512 * 1024) {
      this.#problem = `${file.name} is over 512 KiB: import one command, document or collection. Nothing was changed.`;
      return;
    }
    this.text = await file.text();
    await this.run();
  }

  /** `OpenAPI URL` + `Fetch document`: the document fetched by this page (so its server must allow it, CORS). */
  async runUrl(url: string): Promise<void> {
    await this.#attempt(async () => {
      let target: URL;
      try {
        target = new URL(url.trim());
      } catch {
        throw new Error(`“${url.trim().slice(0, 100)}” is not a URL. Nothing was changed.`);
      }
      if (target.protocol !== 'https:' && !isLoopbackUrl(target)) throw new Error('The document URL must be https (or on this computer). Nothing was changed.');
      let response: Response;
      try {
        response = await this.#deps.fetch(target.href, { headers: { accept: 'application/json, application/yaml, text/yaml, */*' }, credentials: 'omit' });
      } catch {
        throw new Error(`The document could not be fetched from ${target.host}: the server is unreachable, or sends no CORS headers for this page (a browser then hides the answer). Paste the document instead. Nothing was changed.`);
      }
      if (!response.ok) throw new Error(`${target.host} answered HTTP ${response.status} for the document. Nothing was changed.`);
      this.text = await response.text();
      const read = await readImportText(this.text);
      if (read.kind === 'setup') throw new Error('The URL holds a curl command, not a document: paste it instead. Nothing was changed.');
      this.choice = { document: read.document, scheme: 0, scopes: [], operation: -1 };
      this.pickScheme(0);
    });
  }

  /** The `Security scheme` select: its scopes all offered (none ticked), its first operation preselected. */
  pickScheme(index: number): void {
    const choice = this.choice;
    if (!choice) return;
    const scheme = choice.document.schemes[index];
    if (!scheme) return;
    const operation = operationFor(choice.document, scheme.scheme);
    choice.scheme = index;
    choice.scopes = scheme.scopes.map(([name]) => name);
    choice.operation = operation ? choice.document.operations.indexOf(operation) : -1;
  }

  /** `Use this scheme`. */
  async useScheme(): Promise<void> {
    const choice = this.choice;
    if (!choice) return;
    await this.#attempt(async () => {
      const scheme = choice.document.schemes[choice.scheme]!;
      // plain copies: the choice is reactive state, the setup builds settings from them
      await this.#open(scheme.setup($state.snapshot(choice.scopes), $state.snapshot(choice.document.operations[choice.operation])));
      this.choice = null;
    });
  }

  async #open({ auth, testRequest, filled, ignored }: ImportedSetup): Promise<void> {
    const settings = { auth, testRequest };
    const variables = this.#deps.variables();
    await this.#deps.open({ ...settings, confirmed: confirmHosts('import', settings, variables) });
    this.#result = { filled, ignored, hosts: listHosts(settings, variables).hosts };
    this.text = ''; // it may hold secrets: they are in the form now, as typed
  }

  async #attempt(work: () => Promise<void>): Promise<void> {
    this.#problem = null;
    this.#result = null;
    this.#busy = true;
    try {
      await work();
    } catch (error) {
      this.#problem = messageOf(error);
    } finally {
      this.#busy = false;
    }
  }
}
