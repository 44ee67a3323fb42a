/**
 * A typed event map: what one part of the state tells the others, without holding them. The
 * credential library announces with it what it opened, saved, unlocked; the playground listens.
 */
export class Emitter<Events extends { [name: string]: unknown }> {
  #handlers = new Map<keyof Events, Set<(payload: never) => void>>();

  /** Calls `handler` on each `name` event; returns the function that stops it. */
  on<K extends keyof Events>(name: K, handler: (payload: Events[K]) => void | Promise<void>): () => void {
    let set = this.#handlers.get(name);
    if (!set) this.#handlers.set(name, (set = new Set()));
    set.add(handler as (payload: never) => void);
    return () => set.delete(handler as (payload: never) => void);
  }

  /** Calls every handler of `name`; resolves when the ones that work asynchronously are done. */
  async emit<K extends keyof Events>(name: K, payload: Events[K]): Promise<void> {
    await Promise.all([...(this.#handlers.get(name) ?? [])].map((handler) => (handler as (payload: Events[K]) => void | Promise<void>)(payload)));
  }
}
