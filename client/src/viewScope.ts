// What the Cluster view shows of the context in use besides its objects: the
// namespaces chosen for each context (kept in VS Code's state, per context
// name), and what the context's user is known to be allowed to do: reviewed
// (SelfSubjectAccessReview) once its cluster is listed, and confirmed by the
// API server's answers while the extension runs. No VS Code here.

import type { ContextMemory, ContextTarget } from './contextInUse';
import type { ContextAccess } from './cluster/access';
import type { ViewScope } from './explorer/treeModel';

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

  /** What a review, or an answer of the API server, says the context's user may do (a 403: no; a success: yes). */
  learn(context: string, learned: ContextAccess): void {
    const before = this.access.get(context) ?? {};
    const denials = { ...before.denials, ...learned.denials };
    // What is allowed now has no denial left to tell.
    if (learned.evict === true) delete denials.evict;
    if (learned.patchNodes === true) delete denials.patchNodes;
    const after: ContextAccess = { ...before, ...learned, denials };
    if (!denials.evict && !denials.patchNodes) delete after.denials;
    if (JSON.stringify(after) === JSON.stringify(before)) return;
    this.access.set(context, after);
    this.changed();
  }

  /** What the context's user is known to be allowed to do. */
  accessOf(context: string): ContextAccess | undefined {
    return this.access.get(context);
  }

  scope(target: ContextTarget): ViewScope {
    const namespaces = this.namespaces(target.context);
    const access = this.access.get(target.context);
    return { target, ...(namespaces ? { namespaces } : {}), ...(access ? { access } : {}) };
  }
}
