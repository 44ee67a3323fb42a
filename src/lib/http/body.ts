/** Display of response bodies. No protocol code: safe to load at startup. */

/** `body` pretty-printed when it is JSON; as-is otherwise. Never interpreted as HTML. */
export function formatBody(body: string): string {
  const trimmed = body.trim();
  if (!/^[[{]/.test(trimmed)) return body;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return body;
  }
}
