/**
 * The protocol layer (oauth4webapi and the flows built on it) loads on first use, or at idle time
 * after startup, so that the page a newcomer opens is small and fast. State classes get every
 * protocol function through `loadProtocol()`.
 */
export type Protocol = typeof import('./protocol-modules');

let loading: Promise<Protocol> | undefined;

/** The protocol modules, imported once. */
export function loadProtocol(): Promise<Protocol> {
  loading ??= import('./protocol-modules');
  return loading;
}
