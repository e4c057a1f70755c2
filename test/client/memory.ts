// VS Code's globalState, as the client's state keepers use it (ContextMemory), in memory.
import type { ContextMemory } from '../../client/src/contextInUse';

export class Memory implements ContextMemory {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}
