/** A bounded map that forgets the least recently used entry first. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  // One iterator for the life of the map: a Map iterator visits entries in insertion order, skips
  // deleted ones and goes on to entries added later, so its next entry is always the oldest one left
  // (every entry it has passed was evicted). A fresh keys() per eviction would walk over all the
  // deleted slots at the front of the table again each time: microseconds once the cache churns.
  private readonly oldest: Iterator<K> = this.map.keys();

  constructor(private readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('an LRU needs a capacity of at least 1');
  }

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.oldest.next().value as K);
  }

  get size(): number {
    return this.map.size;
  }
}
