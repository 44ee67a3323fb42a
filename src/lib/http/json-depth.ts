/**
 * How deeply a JSON text nests, measured on the text (no parse, no recursion): a protocol
 * response nested thousands deep is an attack, not data; parsed, cloned into IndexedDB or shown,
 * it overflows the stack.
 */

/** Deeper than any real token, metadata or JWKS document (they nest 3 or 4 deep). */
export const MAX_JSON_DEPTH = 64;

/** Whether `text`, read as JSON, nests arrays and objects more than `limit` deep. Strings are skipped. */
export function nestsDeeperThan(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}
