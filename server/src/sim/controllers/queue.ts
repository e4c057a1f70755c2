// A controller's work queue: keys, deduplicated, in the order first added.

export class WorkQueue {
  private keys = new Set<string>();

  add(key: string): void {
    this.keys.add(key);
  }

  get size(): number {
    return this.keys.size;
  }

  /** Everything queued now; keys added while these are worked on wait for the next round. */
  take(): string[] {
    const keys = [...this.keys];
    this.keys = new Set();
    return keys;
  }
}
