/**
 * Code snippets (curl, JavaScript fetch, Python requests) equivalent to a recorded request, as in
 * vendors' docs. Secrets become environment variable references (`"$CLIENT_SECRET"`,
 * `process.env.CLIENT_SECRET`, `os.environ["CLIENT_SECRET"]`) unless the caller asks to reveal them.
 *
 * Hand-written rather than httpsnippet: httpsnippet targets Node (its dependency tree is large for a
 * browser bundle), and it quotes every value as a literal, so a secret could not be left out as an
 * unquoted shell expansion the way these snippets need.
 */
import { formUrlEncode, readBasic } from './basic-credentials';
import { looksSecretName } from './secret-names';

export const SNIPPET_LANGUAGES = ['curl', 'javascript', 'python'] as const;
export type SnippetLanguage = (typeof SNIPPET_LANGUAGES)[number];

/** A secret value and the environment variable that stands for it (`CLIENT_SECRET`). */
export interface NamedSecret {
  name: string;
  value: string;
}

/** The request to reproduce: what the app sent, as recorded. */
export interface SnippetRequest {
  method: string;
  url: string;
  headers: readonly [string, string][];
  body: string | null;
}

export interface SnippetOptions {
  /** Known secret values and their variable names; any occurrence is replaced. */
  secrets?: readonly NamedSecret[];
  /** Put the real values in the snippet. Off by default. */
  reveal?: boolean;
}

/**
 * A value as a sequence of literal text and environment variable references. `form`: the variable's
 * value is form-encoded at run time (Basic credentials the app sent form-encoded).
 */
type Part = { text: string } | { env: string; form?: true };
type Value = Part[];

type JsonTemplate = null | boolean | number | Value | JsonTemplate[] | { [key: string]: JsonTemplate };

interface Model {
  method: string;
  url: Value;
  headers: [string, Value][];
  /**
   * Basic credentials as the app sent them: form-encoded (RFC 6749 §2.3.1, text parts written
   * encoded, variables marked `form`) or as typed. `ascii`: the bytes sent are ASCII.
   */
  basic?: { username: Value; password: Value; ascii: boolean };
  body:
    | { kind: 'form'; params: [string, Value][] }
    | { kind: 'json'; value: JsonTemplate }
    | { kind: 'text'; text: Value }
    | null;
  /** Variables the snippet reads, in order of first use. */
  env: string[];
  notes: string[];
}

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** `name` as an environment variable name: `code_verifier` → `CODE_VERIFIER`, `accessToken` → `ACCESS_TOKEN`. */
export function envName(name: string): string {
  const upper = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return ENV_NAME.test(upper) ? upper : `_${upper}`;
}

class Builder {
  readonly env: string[] = [];
  readonly #secrets: NamedSecret[];
  readonly #reveal: boolean;

  constructor(options: SnippetOptions) {
    this.#reveal = options.reveal === true;
    // Longest first, so a token containing a shorter secret is replaced whole.
    this.#secrets = [...(options.secrets ?? [])].filter((s) => s.value.length >= 4 && ENV_NAME.test(s.name)).sort((a, b) => b.value.length - a.value.length);
  }

  variable(name: string): Part {
    if (!this.env.includes(name)) this.env.push(name);
    return { env: name };
  }

  /** The known secret values. */
  get values(): string[] {
    return this.#secrets.map((s) => s.value);
  }

  /** The known secret named for exactly `value`, if any. */
  exact(value: string): string | undefined {
    return this.#secrets.find((s) => s.value === value)?.name;
  }

  /** `value` with known secrets replaced, or whole as `fallbackName` when the caller knows it is secret. */
  value(value: string, fallbackName?: string): Value {
    if (this.#reveal) return [{ text: value }];
    if (fallbackName !== undefined) return [this.variable(this.exact(value) ?? fallbackName)];
    let parts: Value = [{ text: value }];
    for (const secret of this.#secrets) {
      parts = parts.flatMap((part) => {
        if (!('text' in part) || !part.text.includes(secret.value)) return [part];
        const pieces = part.text.split(secret.value);
        return pieces.flatMap((piece, i) => (i === 0 ? [{ text: piece }] : [this.variable(secret.name), { text: piece }]));
      });
    }
    return parts.filter((part) => !('text' in part) || part.text !== '');
  }
}

/** `application/x-www-form-urlencoded` encoding of a form body's key (what `--data-urlencode` expects). */
function encodeForm(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

const isSecretParam = looksSecretName;

/**
 * One half of the Basic credentials, typed, as the app wrote it: form-encoded (text encoded here,
 * variables at run time; a variable only when encoding changes the half) or as typed.
 */
function basicHalf(b: Builder, typed: string, form: boolean, fallbackName?: string): Value {
  const changes = form && formUrlEncode(typed) !== typed;
  return b.value(typed, fallbackName).map((part) => ('text' in part ? { text: form ? formUrlEncode(part.text) : part.text } : changes ? { ...part, form: true as const } : part));
}

function urlValue(url: string, b: Builder): Value {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return b.value(url);
  }
  const base = `${parsed.origin}${parsed.pathname}`;
  if (parsed.search === '') return b.value(`${base}${parsed.hash}`);
  const out: Value = [...b.value(base), { text: '?' }];
  parsed.search
    .slice(1)
    .split('&')
    .forEach((pair, i) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      const raw = eq < 0 ? '' : pair.slice(eq + 1);
      let decodedName = name;
      try {
        decodedName = decodeURIComponent(name);
      } catch {
        // keep as written
      }
      if (i > 0) out.push({ text: '&' });
      out.push({ text: eq < 0 ? name : `${name}=` });
      if (eq >= 0) out.push(...b.value(raw, isSecretParam(decodedName) ? envName(decodedName) : undefined));
    });
  return join(out);
}

/** Merges adjacent text parts. */
function join(parts: Value): Value {
  const out: Value = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if ('text' in part && last && 'text' in last) out[out.length - 1] = { text: last.text + part.text };
    else if (!('text' in part) || part.text !== '') out.push(part);
  }
  return out;
}

function jsonTemplate(value: unknown, b: Builder, key?: string): JsonTemplate {
  if (typeof value === 'string') return b.value(value, key !== undefined && isSecretParam(key) ? envName(key) : undefined);
  if (Array.isArray(value)) return value.map((item) => jsonTemplate(item, b));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonTemplate(v, b, k)]));
  }
  return value as null | boolean | number;
}

function model(request: SnippetRequest, options: SnippetOptions): Model {
  const b = new Builder(options);
  const notes: string[] = [];
  const m: Model = { method: request.method.toUpperCase(), url: urlValue(request.url, b), headers: [], body: null, env: b.env, notes };
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    // Sent exactly as the app sent it (Basic encoding: form-encoded or as typed), whatever a server makes of it.
    const basic = lower === 'authorization' ? readBasic(value, { secrets: b.values }) : undefined;
    if (basic && !m.basic) {
      const form = basic.encoding === 'form_encoded';
      const wire = form ? `${formUrlEncode(basic.username)}:${formUrlEncode(basic.password)}` : `${basic.username}:${basic.password}`;
      m.basic = {
        username: basicHalf(b, basic.username, form),
        password: basic.password === '' ? [] : basicHalf(b, basic.password, form, 'CLIENT_SECRET'),
        ascii: /^[\x20-\x7e]*$/.test(wire),
      };
      if (wire !== `${basic.username}:${basic.password}`) notes.push('The client ID and secret are form-encoded before Base64, as the app sent them (Basic encoding: form-encoded, RFC 6749 §2.3.1).');
      continue;
    }
    if (lower === 'dpop') {
      m.headers.push([name, b.value(value, 'DPOP_PROOF')]);
      notes.push('A DPoP proof is single-use and bound to this URL and method: make a fresh one (RFC 9449) for each request.');
      continue;
    }
    const scheme = /^(Bearer|DPoP)\s+(.+)$/i.exec(value);
    if (lower === 'authorization' && scheme) {
      m.headers.push([name, join([{ text: `${scheme[1]} ` }, ...b.value(scheme[2]!, 'ACCESS_TOKEN')])]);
      continue;
    }
    m.headers.push([name, looksSecretName(name) ? b.value(value, envName(lower === 'x-api-key' || lower === 'api-key' ? 'API_KEY' : name)) : b.value(value)]);
  }
  if (request.body !== null && request.body !== '') {
    const type = request.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
    if (/application\/x-www-form-urlencoded/i.test(type)) {
      m.body = {
        kind: 'form',
        params: [...new URLSearchParams(request.body)].map(([key, value]) => [key, b.value(value, isSecretParam(key) ? envName(key) : undefined)]),
      };
    } else if (/json/i.test(type)) {
      try {
        m.body = { kind: 'json', value: jsonTemplate(JSON.parse(request.body), b) };
      } catch {
        m.body = { kind: 'text', text: b.value(request.body) };
      }
    } else {
      m.body = { kind: 'text', text: b.value(request.body) };
    }
  }
  return m;
}

// ---- curl (POSIX shell) ----

/** `text` as one single-quoted POSIX shell word: nothing inside is expanded. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * POSIX `od` and `awk` form-encoding stdin as oauth4webapi does (`formUrlEncode`): letters and digits
 * kept, a space as `+`, every other byte `%XX`.
 */
const SH_FORM_ENCODE = `od -An -v -tu1 | awk '{for(i=1;i<=NF;i++){c=$i+0;if(c>47&&c<58||c>64&&c<91||c>96&&c<123)printf "%c",c;else if(c==32)printf "+";else printf "%%%02X",c}}'`;

/** One shell word: literal parts single-quoted, variables as `"$NAME"` (expanded, never split), form-encoded ones through `SH_FORM_ENCODE`. */
function shellWord(value: Value): string {
  if (value.length === 0) return "''";
  return value.map((part) => ('text' in part ? shellQuote(part.text) : part.form ? `"$(printf '%s' "$${part.env}" | ${SH_FORM_ENCODE})"` : `"$${part.env}"`)).join('');
}

function curl(m: Model): string {
  const lines = [`curl${m.method === 'GET' ? '' : m.method === 'HEAD' ? ' --head' : ` -X ${m.method}`} ${shellWord(m.url)}`];
  for (const [name, value] of m.headers) lines.push(`-H ${shellWord(join([{ text: `${name}: ` }, ...value]))}`);
  if (m.basic) lines.push(`-u ${shellWord(join([...m.basic.username, { text: ':' }, ...m.basic.password]))}`);
  if (m.body?.kind === 'form') {
    for (const [key, value] of m.body.params) lines.push(`--data-urlencode ${shellWord(join([{ text: `${encodeForm(key)}=` }, ...value]))}`);
  } else if (m.body?.kind === 'json') {
    lines.push(`--data-raw ${shellWord(join(jsonParts(m.body.value, (p) => p)))}`);
  } else if (m.body?.kind === 'text') {
    lines.push(`--data-raw ${shellWord(m.body.text)}`);
  }
  return lines.join(' \\\n  ');
}

/**
 * A JSON template as text parts; variables are spliced inside the string quotes unescaped (a value
 * with quotes or backslashes would need escaping, which the shell cannot do).
 */
function jsonParts(value: JsonTemplate, wrap: (parts: Value) => Value): Value {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return [{ text: JSON.stringify(value) }];
  if (isValue(value)) {
    if (value.every((part) => 'text' in part)) return [{ text: JSON.stringify(value.map((part) => ('text' in part ? part.text : '')).join('')) }];
    return [{ text: '"' }, ...wrap(value.map((part) => ('text' in part ? { text: JSON.stringify(part.text).slice(1, -1) } : part))), { text: '"' }];
  }
  if (Array.isArray(value)) return [{ text: '[' }, ...value.flatMap((item, i) => [...(i ? [{ text: ',' }] : []), ...jsonParts(item, wrap)]), { text: ']' }];
  const entries = Object.entries(value);
  return [{ text: '{' }, ...entries.flatMap(([k, v], i) => [{ text: `${i ? ',' : ''}${JSON.stringify(k)}:` }, ...jsonParts(v, wrap)]), { text: '}' }];
}

function isValue(value: JsonTemplate): value is Value {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item) && ('text' in item || 'env' in item) && Object.keys(item).length === 1);
}

// ---- JavaScript (fetch) and Python (requests) share a string-expression printer ----

interface Lang {
  string(text: string): string;
  env(name: string): string;
}

/** A JS string literal; U+2028/2029 escaped for older parsers. */
const jsString = (text: string) => JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
/** A Python string literal: JSON's escapes are valid Python escapes. */
const pyString = (text: string) => JSON.stringify(text);

const JS: Lang = { string: jsString, env: (name) => `process.env.${name}` };
const PY: Lang = { string: pyString, env: (name) => `os.environ[${pyString(name)}]` };

function expr(value: Value, lang: Lang): string {
  if (value.length === 0) return lang.string('');
  return value.map((part) => ('text' in part ? lang.string(part.text) : part.form ? `form(${lang.env(part.env)})` : lang.env(part.env))).join(' + ');
}

/** Whether the Basic credentials read a variable form-encoded (the snippet then defines `form`). */
const formsVariables = (m: Model) => [...(m.basic?.username ?? []), ...(m.basic?.password ?? [])].some((part) => 'env' in part && part.form);

function objectLiteral(value: JsonTemplate, lang: Lang, indent: string, py: boolean): string {
  if (value === null) return py ? 'None' : 'null';
  if (typeof value === 'boolean') return py ? (value ? 'True' : 'False') : String(value);
  if (typeof value === 'number') return String(value);
  if (isValue(value)) return expr(value, lang);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${objectLiteral(item, lang, inner, py)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${lang.string(k)}: ${objectLiteral(v, lang, inner, py)},`).join('\n')}\n${indent}}`;
}

function javascript(m: Model): string {
  const headers = m.headers.map(([name, value]) => `    ${jsString(name)}: ${expr(value, JS)},`);
  if (m.basic) {
    const credentials = expr(join([...m.basic.username, { text: ':' }, ...m.basic.password]), JS);
    headers.push(`    "authorization": "Basic " + btoa(${m.basic.ascii ? credentials : `String.fromCharCode(...new TextEncoder().encode(${credentials}))`}),`);
  }
  const init = [`  method: ${jsString(m.method)},`];
  if (headers.length) init.push(`  headers: {\n${headers.join('\n')}\n  },`);
  if (m.body?.kind === 'form') {
    init.push(`  body: new URLSearchParams([\n${m.body.params.map(([k, v]) => `    [${jsString(k)}, ${expr(v, JS)}],`).join('\n')}\n  ]),`);
  } else if (m.body?.kind === 'json') {
    init.push(`  body: JSON.stringify(${objectLiteral(m.body.value, JS, '  ', false)}),`);
  } else if (m.body?.kind === 'text') {
    init.push(`  body: ${expr(m.body.text, JS)},`);
  }
  return [
    ...m.notes.map((note) => `// ${note}`),
    ...(formsVariables(m) ? [`const form = (value) => encodeURIComponent(value).replace(/[-_.!~*'()]|%20/g, (c) => (c === "%20" ? "+" : "%" + c.charCodeAt(0).toString(16).toUpperCase()));`] : []),
    `const response = await fetch(${expr(m.url, JS)}, {`,
    ...init,
    '});',
    'console.log(response.status, await response.text());',
  ].join('\n');
}

function python(m: Model): string {
  const lines = [...m.notes.map((note) => `# ${note}`)];
  if (m.env.length) lines.push('import os');
  lines.push('import requests');
  if (formsVariables(m)) {
    lines.push('from urllib.parse import quote_plus', '', 'def form(value):', '    return quote_plus(value, safe="").replace("-", "%2D").replace(".", "%2E").replace("_", "%5F").replace("~", "%7E")');
  }
  lines.push('', `url = ${expr(m.url, PY)}`);
  const args = ['url'];
  if (m.headers.length) {
    lines.push(`headers = {\n${m.headers.map(([name, value]) => `    ${pyString(name)}: ${expr(value, PY)},`).join('\n')}\n}`);
    args.push('headers=headers');
  }
  if (m.body?.kind === 'form') {
    lines.push(`data = [\n${m.body.params.map(([k, v]) => `    (${pyString(k)}, ${expr(v, PY)}),`).join('\n')}\n]`);
    args.push('data=data');
  } else if (m.body?.kind === 'json') {
    lines.push(`payload = ${objectLiteral(m.body.value, PY, '', true)}`);
    args.push('json=payload');
  } else if (m.body?.kind === 'text') {
    lines.push(`data = ${expr(m.body.text, PY)}`);
    args.push('data=data.encode("utf-8")');
  }
  if (m.basic) {
    // requests sends str credentials as latin-1: other bytes than ASCII go as UTF-8 bytes
    const part = (value: Value) => (m.basic!.ascii ? expr(value, PY) : `(${expr(value, PY)}).encode("utf-8")`);
    args.push(`auth=(${part(m.basic.username)}, ${part(m.basic.password)})`);
  }
  lines.push('', `response = requests.request(${pyString(m.method)}, ${args.join(', ')})`, 'print(response.status_code, response.text)');
  return lines.join('\n');
}

export interface Snippet {
  language: SnippetLanguage;
  code: string;
  /** Environment variables the snippet reads, to set before running it. */
  env: string[];
}

/**
 * A snippet in `language` that sends the same request as `request`. Secrets (known values, secret
 * parameter and header names, the Basic password) are read from environment variables unless `reveal`.
 */
export function snippetFor(request: SnippetRequest, language: SnippetLanguage, options: SnippetOptions = {}): Snippet {
  const m = model(request, options);
  const code = language === 'curl' ? curl(m) : language === 'javascript' ? javascript(m) : python(m);
  return { language, code, env: [...m.env] };
}
