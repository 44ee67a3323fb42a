/**
 * `Import from text` as the person lives it: paste a curl command, `Import text`, and the setup it
 * describes opens as a new unsaved configuration (nothing of the open one is kept, nothing saved is
 * overwritten), with a list of what was filled and what was ignored. The hosts of a text the person
 * pasted themselves count as confirmed. The readers load on first use.
 */
import { confirmHosts, listHosts } from '../config/confirmed-hosts';
import type { Variable } from '../config/variables';
import { messageOf } from './library/ids';
import type { ConfigurationState } from './configuration.svelte';

export interface TextImportDeps {
  /** Opens the settings as a new unsaved configuration. */
  open(state: ConfigurationState): Promise<void>;
  /** The active environment's variables. */
  variables(): readonly Variable[];
}

/** What the last import did, for the list shown after it. */
export interface TextImportResult {
  filled: string[];
  ignored: string[];
  hosts: string[];
}

export class TextImport {
  /** The `Import from text` textbox. */
  text = $state('');
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

  /** `Import text`. */
  async run(): Promise<void> {
    this.#problem = null;
    this.#result = null;
    this.#busy = true;
    try {
      const { importFromText } = await import('../config/import');
      const { auth, testRequest, filled, ignored } = importFromText(this.text);
      const settings = { auth, testRequest };
      const variables = this.#deps.variables();
      await this.#deps.open({ ...settings, confirmed: confirmHosts('import', settings, variables) });
      this.#result = { filled, ignored, hosts: listHosts(settings, variables).hosts };
      this.text = ''; // it may hold secrets: they are in the form now, as typed
    } catch (error) {
      this.#problem = messageOf(error);
    } finally {
      this.#busy = false;
    }
  }
}
