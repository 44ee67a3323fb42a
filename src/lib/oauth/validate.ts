/** Checks of user-entered settings before anything is sent. Each failure names the field by its label. */
import { PlaygroundError } from '../errors/playground-error';

/** Whether `value` is a plain JSON-like object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** How long any request may take before it is abandoned with a clear message. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** `value` as an http(s) URL, or a `PlaygroundError` naming the field. */
export function requireUrl(value: string, label: string): URL {
  const trimmed = value.trim();
  if (trimmed === '') {
    throw new PlaygroundError(`${label} is empty.`, { kind: 'input', code: 'missing_field', hint: `Enter the ${label}.` });
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch (cause) {
    throw new PlaygroundError(`${label} “${trimmed}” is not a valid URL.`, {
      kind: 'input',
      code: 'invalid_url',
      hint: 'A full URL is needed, starting with https:// (or http:// for a local server).',
      cause,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PlaygroundError(`${label} must start with https:// or http://.`, { kind: 'input', code: 'invalid_url' });
  }
  return url;
}

/** `value` trimmed, or a `PlaygroundError` when empty. */
export function requireText(value: string, label: string, hint?: string): string {
  const trimmed = value.trim();
  if (trimmed === '') {
    throw new PlaygroundError(`${label} is empty.`, { kind: 'input', code: 'missing_field', hint: hint ?? `Enter the ${label}.` });
  }
  return trimmed;
}
