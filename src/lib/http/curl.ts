/** A recorded request as a `curl` command line, to run where CORS does not apply. */
import type { ExchangeRequest } from './exchange-record';

/** `value` in POSIX shell single quotes. */
const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * `request` as a curl command (POSIX shell quoting). Values are as given: pass the redacted
 * request to copy a command without secrets.
 */
export function curlCommand(request: ExchangeRequest): string {
  const parts = ['curl', ...(request.method === 'GET' ? [] : ['-X', request.method]), quote(request.url)];
  for (const [name, value] of request.headers) parts.push('-H', quote(`${name}: ${value}`));
  if (request.body !== null) parts.push('--data-raw', quote(request.body));
  return parts.join(' ');
}
