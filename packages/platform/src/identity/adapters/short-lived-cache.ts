/**
 * A small in-process cache of rows a sign-in reads several times (the relying party's row, the
 * person's account), so one sign-in does not ask the database the same question up to seven
 * times. Entries live a few seconds only: other server processes (and the CLI) write the same
 * tables directly, and a bounded age is what keeps every node correct without messages between
 * them. Ages run on the monotonic clock, never on the module's injected clock (tests move that one
 * by hours to expire codes).
 *
 * One cache per database handle and purpose (`cacheFor`), so two platforms in one process (tests
 * on PGlite, then on PostgreSQL) never see each other's rows.
 */
import { performance } from "node:perf_hooks";

export class ShortLivedCache<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();

  constructor(
    readonly ttlMs: number,
    readonly limit: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= this.clock()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    // Oldest first out: insertion order is the Map's iteration order.
    if (this.#entries.size >= this.limit) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { value, until: this.clock() + this.ttlMs });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}

const caches = new WeakMap<object, Map<string, ShortLivedCache<unknown>>>();

/** The cache named `purpose` for this database handle, made on first use. */
export function cacheFor<V>(
  handle: object,
  purpose: string,
  make: () => ShortLivedCache<V>,
): ShortLivedCache<V> {
  let byPurpose = caches.get(handle);
  if (!byPurpose) {
    byPurpose = new Map();
    caches.set(handle, byPurpose);
  }
  let cache = byPurpose.get(purpose) as ShortLivedCache<V> | undefined;
  if (!cache) {
    cache = make();
    byPurpose.set(purpose, cache as ShortLivedCache<unknown>);
  }
  return cache;
}
