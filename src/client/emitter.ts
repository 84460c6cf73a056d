/** Any listener signature; event maps list one per event name. */
export type Listener = (...args: never[]) => void;

/** The listening half of an event emitter, what the client exposes as `server`. */
export interface Listenable<E extends { [K in keyof E]: Listener }> {
  /** Calls `listener` every time `event` fires. */
  on<K extends keyof E>(event: K, listener: E[K]): this;
  /** Calls `listener` the next time `event` fires, then forgets it. */
  once<K extends keyof E>(event: K, listener: E[K]): this;
  /** Removes every registration of `listener` for `event`. */
  off<K extends keyof E>(event: K, listener: E[K]): this;
}

interface Entry {
  f: Listener;
  once: boolean;
}

/**
 * A minimal typed emitter. Lists are replaced rather than mutated, so a listener that adds or
 * removes listeners does not disturb the emit in progress.
 */
export class Emitter<E extends { [K in keyof E]: Listener }> implements Listenable<E> {
  private readonly lists = new Map<keyof E, Entry[]>();

  on<K extends keyof E>(event: K, listener: E[K]): this {
    return this.add(event, { f: listener, once: false });
  }

  once<K extends keyof E>(event: K, listener: E[K]): this {
    return this.add(event, { f: listener, once: true });
  }

  off<K extends keyof E>(event: K, listener: E[K]): this {
    return this.remove(event, (e) => e.f !== listener);
  }

  /**
   * Calls the listeners of `event`. A listener that throws does not stop the others nor the
   * client's own bookkeeping; its error is rethrown on a microtask, where it surfaces as an
   * uncaught error like any other bug.
   */
  emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    for (const entry of this.lists.get(event) ?? []) {
      if (entry.once) this.remove(event, (e) => e !== entry);
      try {
        (entry.f as (...a: unknown[]) => void)(...args);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  private add(event: keyof E, entry: Entry): this {
    this.lists.set(event, [...(this.lists.get(event) ?? []), entry]);
    return this;
  }

  private remove(event: keyof E, keep: (e: Entry) => boolean): this {
    const list = this.lists.get(event);
    if (list) this.lists.set(event, list.filter(keep));
    return this;
  }
}
