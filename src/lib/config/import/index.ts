/**
 * `Import from text`: a setup brought in from where it already lives: a curl command, or an
 * OpenAPI 3.0/3.1 document (JSON or YAML) whose security schemes are offered to choose from. What
 * the text is, is told from its start. Loaded on first use, never at startup; the YAML parser only
 * when a YAML document comes.
 */
import { PlaygroundError } from '../../errors/playground-error';
import { nestsDeeperThan } from '../../http/json-depth';
import { parseCurl } from './curl';
import { setupFromCurl, type ImportedSetup } from './curl-setup';
import { readOpenApi, type OpenApiImport } from './openapi';

export type { ImportedSetup } from './curl-setup';
export { operationFor, type OpenApiImport, type Operation, type SchemeChoice } from './openapi';

export type ReadImport = { kind: 'setup'; setup: ImportedSetup } | { kind: 'openapi'; openapi: OpenApiImport };

/**
 * What `text` is: a curl command's setup, or an OpenAPI document's schemes to choose from.
 * @throws PlaygroundError `invalid_import` for text it cannot read, with what it expected.
 */
export async function readImportText(text: string): Promise<ReadImport> {
  const trimmed = text.trim();
  if (/^(\{|openapi\s*:|["']?openapi["']?\s*:|swagger\s*:|---)/.test(trimmed)) return { kind: 'openapi', openapi: readOpenApi(await parseDocument(trimmed)) };
  return { kind: 'setup', setup: importFromText(text) };
}

/** A JSON or YAML document, refused when it is neither or nests absurdly deep. */
async function parseDocument(text: string): Promise<unknown> {
  if (text.length > MAX_IMPORT_TEXT) throw refuse(`The text is over ${MAX_IMPORT_TEXT / 1024} KiB.`);
  if (nestsDeeperThan(text)) throw refuse('The document nests deeper than any OpenAPI document does.');
  if (text.startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw refuse(`The document is not valid JSON: ${(error as Error).message}.`);
    }
  }
  const { parse } = await import('yaml');
  try {
    // no custom tags, a cap on aliases (a “billion laughs” document is refused, not expanded)
    return parse(text, { maxAliasCount: 100, customTags: [], uniqueKeys: true });
  } catch (error) {
    throw refuse(`The document is not valid YAML: ${(error as Error).message.split('\n')[0]}.`);
  }
}

/** The longest text read: a command or a document pasted, not a dump. */
export const MAX_IMPORT_TEXT = 512 * 1024;

/**
 * The setup `text` describes.
 * @throws PlaygroundError `invalid_import` for text it cannot read, with what it expected.
 */
export function importFromText(text: string): ImportedSetup {
  const trimmed = text.trim();
  if (trimmed === '') throw refuse('There is nothing to import: paste a curl command first.');
  if (trimmed.length > MAX_IMPORT_TEXT) throw refuse(`The text is over ${MAX_IMPORT_TEXT / 1024} KiB: paste one command.`);
  if (/^(\$\s+)?curl(\.exe)?\s/.test(trimmed)) return setupFromCurl(parseCurl(trimmed));
  throw refuse('This text is neither a curl command nor an OpenAPI document, so nothing could be read from it.');
}

function refuse(message: string): PlaygroundError {
  return new PlaygroundError(`${message} Nothing was changed.`, { kind: 'input', code: 'invalid_import', hint: 'Paste a curl command as a vendor’s docs or a terminal show it.' });
}
