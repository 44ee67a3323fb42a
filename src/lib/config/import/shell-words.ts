/**
 * Splits a command line into words the way a POSIX shell does for what people paste: single
 * quotes, double quotes (with `\"`, `\\`, `\$` and `` \` ``), `$'…'` (ANSI-C escapes), backslash
 * escapes and line continuations (`\` at the end of a line, and `^` for cmd.exe copies). No
 * expansion: `$VAR` stays as written.
 */
import { PlaygroundError } from '../../errors/playground-error';

const ANSI_C: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  const push = (s: string) => (word = (word ?? '') + s);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' || (c === '^' && /^\^\r?\n/.test(text.slice(i)))) {
      const next = text[i + 1];
      if (next === '\n') i++;
      else if (next === '\r' && text[i + 2] === '\n') i += 2;
      else if (c === '\\' && next !== undefined) {
        push(next);
        i++;
      } else push(c);
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw unbalanced("'");
      push(text.slice(i + 1, end));
      i = end;
    } else if (c === '$' && text[i + 1] === "'") {
      let j = i + 2;
      let out = '';
      for (; j < text.length && text[j] !== "'"; j++) {
        if (text[j] === '\\' && j + 1 < text.length) out += ANSI_C[text[++j]!] ?? `\\${text[j]}`;
        else out += text[j];
      }
      if (j >= text.length) throw unbalanced("$'");
      push(out);
      i = j;
    } else if (c === '"') {
      let j = i + 1;
      let out = '';
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && '"\\$`\n'.includes(text[j + 1] ?? '')) {
          if (text[j + 1] !== '\n') out += text[j + 1];
          j++;
        } else out += text[j];
      }
      if (j >= text.length) throw unbalanced('"');
      push(out);
      i = j;
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else push(c);
  }
  if (word !== null) words.push(word);
  return words;
}

function unbalanced(quote: string): PlaygroundError {
  return new PlaygroundError(`The command has an unclosed ${quote} quote, so where its words end cannot be told. Nothing was changed.`, {
    kind: 'input',
    code: 'invalid_import',
    hint: 'Paste the whole command, from curl to its last argument.',
  });
}
