/**
 * Storage for an embedded playground (`?embed=1`): settings, tokens, saved credentials and the log
 * live in memory, so two frames on one docs page (and the user's own playground tab) never
 * overwrite each other's draft or see each other's tokens. Pending authorizations still go to the
 * real storage: the popup reads them there to know it belongs to this page.
 */
import { memoryBackend, storageOver, type PlaygroundStorage } from './storage';

/** `real` with everything but pending authorizations kept in memory. */
export function embeddedStorage(real: PlaygroundStorage): PlaygroundStorage {
  return {
    ...storageOver(memoryBackend(), 'memory', real.problem),
    savePending: real.savePending,
    peekPending: real.peekPending,
    takePending: real.takePending,
    hasPending: real.hasPending,
    purgeExpiredPending: real.purgeExpiredPending,
  };
}
