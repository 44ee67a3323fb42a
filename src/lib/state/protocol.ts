/**
 * The protocol layer (oauth4webapi and the flows built on it) loads on first use, or at idle time
 * after startup, so that the page a newcomer opens is small and fast. State classes get every
 * protocol function through `loadProtocol()`.
 */
import { PlaygroundError } from '../errors/playground-error';

export type Protocol = typeof import('./protocol-modules');

let loading: Promise<Protocol> | undefined;

/** The protocol modules, imported once. */
export function loadProtocol(): Promise<Protocol> {
  loading ??= import('./protocol-modules');
  return loading;
}

/** `error` as a `PlaygroundError`, even when the protocol code itself could not be loaded. */
export async function describe(error: unknown, what: string): Promise<PlaygroundError> {
  try {
    return (await loadProtocol()).describeError(error, what);
  } catch (loadError) {
    return new PlaygroundError(`${what} failed: part of this app could not be loaded (${String(loadError)}).`, {
      kind: 'network',
      code: 'app_code_unavailable',
      hint: 'Check your connection and reload the page.',
      cause: error,
    });
  }
}
