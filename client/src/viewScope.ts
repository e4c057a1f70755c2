// What the Cluster view shows of the context in use besides its objects: the
// namespaces chosen for each context (kept in VS Code's state, per context
// name), and what the context's user is known not to be allowed to do,
// learned from the API server's 403s while the extension runs. No VS Code here.

import type { ContextMemory, ContextTarget } from './contextInUse';
import type { ContextAccess, ViewScope } from './explorer/treeModel';

const filterKey = (context: string) => `kubeEviction.namespaces:${context}`;

export class ViewScopes {
  private readonly access = new Map<string, ContextAccess>();

  constructor(
    private readonly memory: ContextMemory,
    /** Told after every change of a filter or of what is known of a user's access. */
    private readonly changed: () => void = () => {},
  ) {}

  /** The namespaces shown for this context; undefined: all. */
  namespaces(context: string): string[] | undefined {
    const chosen = this.memory.get<string[]>(filterKey(context));
    return Array.isArray(chosen) && chosen.length > 0 ? chosen : undefined;
  }

  /** Show only these namespaces of the context (undefined or empty: all of them). */
  async showNamespaces(context: string, namespaces: readonly string[] | undefined): Promise<void> {
    await this.memory.update(filterKey(context), namespaces && namespaces.length > 0 ? [...new Set(namespaces)].sort() : undefined);
    this.changed();
  }

  /** What an answer of the API server says the context's user may do (a 403: no; a success: yes). */
  learn(context: string, learned: ContextAccess): void {
    const before = this.access.get(context) ?? {};
    const after = { ...before, ...learned };
    if (after.evict === before.evict && after.patchNodes === before.patchNodes) return;
    this.access.set(context, after);
    this.changed();
  }

  scope(target: ContextTarget): ViewScope {
    const namespaces = this.namespaces(target.context);
    const access = this.access.get(target.context);
    return { target, ...(namespaces ? { namespaces } : {}), ...(access ? { access } : {}) };
  }
}
