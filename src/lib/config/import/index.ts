/**
 * `Import from text`: a setup brought in from where it already lives. Today a curl command; what
 * the text is, is told from its first word. Loaded on first use, never at startup.
 */
import { PlaygroundError } from '../../errors/playground-error';
import { parseCurl } from './curl';
import { setupFromCurl, type ImportedSetup } from './curl-setup';

export type { ImportedSetup } from './curl-setup';

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
  throw refuse('This text is not a curl command (it does not start with curl), so nothing could be read from it.');
}

function refuse(message: string): PlaygroundError {
  return new PlaygroundError(`${message} Nothing was changed.`, { kind: 'input', code: 'invalid_import', hint: 'Paste a curl command as a vendor’s docs or a terminal show it.' });
}
