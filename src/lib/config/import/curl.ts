/**
 * Reads a curl command (as vendors' docs print it, or as a terminal history has it) into the
 * request it sends: method, URL, headers, body, `-u` credentials. Options that change nothing the
 * playground sends (`-s`, `-L`, `--compressed`...) are listed as ignored, so the person sees what
 * was not taken over.
 * @see https://curl.se/docs/manpage.html
 */
import { PlaygroundError } from '../../errors/playground-error';
import { shellWords } from './shell-words';

export interface CurlRequest {
  method: string;
  url: string;
  headers: [string, string][];
  /** The body as sent; undefined when none. */
  body: string | undefined;
  /** `-u user:password`, split at the first colon. */
  user: { name: string; password: string } | undefined;
  /** Options taken over as nothing, as written (`--compressed`, `-k`, `-F name=@file`). */
  ignored: string[];
}

/** Options with a value, by every name they go by. */
const WITH_VALUE: Record<string, 'method' | 'header' | 'data' | 'data-raw' | 'data-urlencode' | 'json' | 'user' | 'url' | 'ignore'> = {
  '-X': 'method', '--request': 'method',
  '-H': 'header', '--header': 'header',
  '-d': 'data', '--data': 'data', '--data-ascii': 'data', '--data-binary': 'data-raw', '--data-raw': 'data-raw',
  '--data-urlencode': 'data-urlencode',
  '--json': 'json',
  '-u': 'user', '--user': 'user',
  '--url': 'url',
  '-F': 'ignore', '--form': 'ignore', '-b': 'ignore', '--cookie': 'ignore', '-A': 'ignore', '--user-agent': 'ignore',
  '-e': 'ignore', '--referer': 'ignore', '-o': 'ignore', '--output': 'ignore', '-m': 'ignore', '--max-time': 'ignore',
  '--connect-timeout': 'ignore', '-x': 'ignore', '--proxy': 'ignore', '-w': 'ignore', '--write-out': 'ignore', '--cacert': 'ignore',
  '-E': 'ignore', '--cert': 'ignore', '--key': 'ignore', '-c': 'ignore', '--cookie-jar': 'ignore', '--retry': 'ignore',
};

/** Short flags without a value, which may be written together (`-sSL`). */
const SHORT_FLAGS = new Set(['s', 'S', 'L', 'k', 'i', 'v', 'f', 'g', 'G', 'I', 'N', '#']);

function refuse(message: string): PlaygroundError {
  return new PlaygroundError(`${message} Nothing was changed.`, { kind: 'input', code: 'invalid_import', hint: 'Paste one curl command, as a terminal would run it.' });
}

/**
 * The request `text` (one curl command) sends.
 * @throws PlaygroundError `invalid_import` for anything else: not curl, no URL, unbalanced quotes.
 */
export function parseCurl(text: string): CurlRequest {
  const words = shellWords(text.trim().replace(/^\$\s+/, ''));
  if (words[0] !== 'curl' && words[0] !== 'curl.exe') throw refuse('This is not a curl command: it does not start with curl.');
  let method: string | undefined;
  let url: string | undefined;
  let get = false;
  const headers: [string, string][] = [];
  const data: string[] = [];
  let json = false;
  let user: CurlRequest['user'];
  const ignored: string[] = [];
  for (let i = 1; i < words.length; i++) {
    let word = words[i]!;
    let attached: string | undefined;
    if (word.startsWith('--') && word.includes('=')) [word, attached] = [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)];
    else if (/^-[A-Za-z]./.test(word) && WITH_VALUE[word.slice(0, 2)]) [word, attached] = [word.slice(0, 2), word.slice(2)];
    const kind = WITH_VALUE[word];
    if (kind) {
      const value = attached ?? words[++i];
      if (value === undefined) throw refuse(`${word} needs a value after it.`);
      if (kind === 'method') method = value.toUpperCase();
      else if (kind === 'header') {
        const colon = value.indexOf(':');
        if (colon > 0) headers.push([value.slice(0, colon).trim(), value.slice(colon + 1).trim()]);
        else ignored.push(`${word} ${value}`);
      } else if (kind === 'data') data.push(value.replace(/[\r\n]/g, ''));
      else if (kind === 'data-raw') data.push(value);
      else if (kind === 'data-urlencode') data.push(urlencodeData(value));
      else if (kind === 'json') {
        data.push(value);
        json = true;
      } else if (kind === 'user') {
        const colon = value.indexOf(':');
        user = colon < 0 ? { name: value, password: '' } : { name: value.slice(0, colon), password: value.slice(colon + 1) };
      } else if (kind === 'url') url = value;
      else ignored.push(`${word} ${value}`);
    } else if (/^-[^-]/.test(word) && [...word.slice(1)].every((flag) => SHORT_FLAGS.has(flag))) {
      if (word.includes('G')) get = true;
      ignored.push(word);
    } else if (word === '--get') get = true;
    else if (word.startsWith('-')) ignored.push(word);
    else if (url === undefined) url = word;
    else ignored.push(word);
  }
  if (url === undefined) throw refuse('The curl command has no URL.');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) url = `https://${url}`; // curl's default scheme for a bare host
  if (json) {
    if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/json']);
    if (!headers.some(([name]) => name.toLowerCase() === 'accept')) headers.push(['Accept', 'application/json']);
  }
  let body: string | undefined = data.length ? data.join(json ? '' : '&') : undefined;
  if (get && body !== undefined) {
    url += (url.includes('?') ? '&' : '?') + body;
    body = undefined;
  }
  return { method: method ?? (body !== undefined ? 'POST' : 'GET'), url, headers, body, user, ignored };
}

/** `--data-urlencode` forms: `content`, `=content`, `name=content` (`@file` forms cannot be read here). */
function urlencodeData(value: string): string {
  const eq = value.indexOf('=');
  if (eq < 0) return encodeURIComponent(value);
  const name = value.slice(0, eq);
  return `${name ? `${name}=` : ''}${encodeURIComponent(value.slice(eq + 1))}`;
}
