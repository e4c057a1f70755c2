// A map from keys to sets of values for the indexes, which keeps a lone
// value without a Set: most keys of an index (a name, a label) have one, and
// a Set per key is most of what a large workspace's index would allocate.

export class Groups<K, V extends object> {
  private readonly map = new Map<K, V | Set<V>>();

  add(key: K, value: V): void {
    const group = this.map.get(key);
    if (group === undefined) this.map.set(key, value);
    else if (group instanceof Set) group.add(value);
    else if (group !== value) this.map.set(key, new Set([group, value]));
  }

  delete(key: K, value: V): void {
    const group = this.map.get(key);
    if (group === value) this.map.delete(key);
    else if (group instanceof Set) {
      group.delete(value);
      if (group.size === 1) this.map.set(key, group.values().next().value!);
    }
  }

  /** The values of a key (none: empty). */
  get(key: K): readonly V[] | ReadonlySet<V> {
    const group = this.map.get(key);
    return group === undefined ? [] : group instanceof Set ? group : [group];
  }

  has(key: K): boolean {
    return this.map.has(key);
  }
}
