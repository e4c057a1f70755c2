// What the rules relate, deployed together (see clusters.ts): the PDBs over a
// pod, the pods under a PDB, the nodes a pod is judged against, the pod an
// Eviction names. A subject is never related to its own variant; of several
// variants of one object the nearest (in the folder tree) is chosen; and
// every object chosen can be deployed with the subject and with the others.
// Answers are computed per class (a label set, a selector) rather than per
// object, and kept until the index changes, so that a thousand objects of one
// shape cost one answer.
import { identityOf, merge, type Placement } from './clusters';
import type { ManifestObject } from './manifestFile';
import { NodeClasses } from './nodeClasses';
import { findEvictionTarget, type EvictionTarget } from './podNames';
import { estimateBudget, type BudgetEstimate } from './workloads';
import type { IndexChange, PodClass, SelectorClass, WorkspaceIndex } from './workspaceIndex';
import type { Node } from '../k8s/types';

const collator = new Intl.Collator();

/** Objects in the order findings list them (kind and name, as `describe` spells them). */
function byName(objects: ManifestObject[]): ManifestObject[] {
  const keyed = objects.map((object) => ({ object, key: `${object.kind} ${object.name || '(unnamed)'}` }));
  keyed.sort((a, b) => collator.compare(a.key, b.key));
  return keyed.map((k) => k.object);
}

/** Where each identity is in a sorted list, found once per list (subjects of one class share their lists). */
const positionsOf = new WeakMap<readonly ManifestObject[], Map<string, number>>();

/** Related objects, sorted, of which findings name the first few and count the rest. */
export class Listing {
  constructor(
    private readonly sorted: readonly ManifestObject[],
    /** The identity left out: the subject's own, when it is among them. */
    private readonly without?: string,
  ) {}

  /** Where the identity left out is, once looked up (null: not among them). */
  private skippedAt: number | null | undefined;

  private get skipped(): number | undefined {
    if (this.skippedAt === undefined) {
      let positions: Map<string, number> | undefined;
      if (this.without !== undefined) {
        positions = positionsOf.get(this.sorted);
        if (!positions) positionsOf.set(this.sorted, (positions = new Map(this.sorted.map((object, i) => [identityOf(object), i]))));
      }
      this.skippedAt = positions?.get(this.without!) ?? null;
    }
    return this.skippedAt ?? undefined;
  }

  get count(): number {
    return this.sorted.length - (this.skipped === undefined ? 0 : 1);
  }

  /** The first `n` (all by default). */
  first(n = Infinity): ManifestObject[] {
    const skipped = this.skipped;
    const out = this.sorted.slice(0, n === Infinity ? undefined : n + 1);
    if (skipped !== undefined && skipped < out.length) out.splice(skipped, 1);
    return out.slice(0, n === Infinity ? undefined : n);
  }
}

/** A set of candidates, grouped by file. */
interface Pool {
  byFile: Map<string, ManifestObject[]>;
  /** The candidates' placements merged, when all can be deployed together and no two are variants: then every subject that can be deployed with them gets them all. */
  together: Placement | undefined;
  all: ManifestObject[];
}

/** Chosen.files of a choice that took the whole pool; a choice of some files joins their names. */
const wholePool = '*';

interface Chosen {
  objects: ManifestObject[];
  /** Where they came from, nearest first (wholePool for all of the pool): what the choice depends on. */
  files: string;
  placement: Placement;
  /** True when the choice does not depend on the subject's file (see Pool.together). */
  whole: boolean;
}

/**
 * How many budgets sharing pods with a PDB a finding may depend on in full
 * (their specs and selections, as pdb-conflict's quick fixes do): past it,
 * a change to one of them does not re-judge the others.
 */
export const fewConflictingBudgets = 3;

export interface ConflictingBudgets {
  /** The other PDBs that select some of the same pods. */
  others: Listing;
  /** The pods and pod templates selected by more than one PDB. */
  shared: Listing;
}

interface Conflict {
  others: readonly ManifestObject[];
  shared: readonly ManifestObject[];
}

export class Relations {
  private pools = new Map<unknown, Pool>();
  private choices = new Map<Pool, Map<string, Chosen>>();
  private sortedCache = new Map<readonly ManifestObject[], ManifestObject[]>();
  private conflicts = new Map<string | SelectorClass, Conflict>();
  private podClassSets = new Map<readonly ManifestObject[], Set<PodClass>>();
  private estimates = new Map<readonly ManifestObject[], Map<string, BudgetEstimate>>();
  /** Kept until nodes or placements change (see invalidate). */
  private nodePool: Pool | undefined;
  private nodeClasses = new Map<string, NodeClasses>();
  private nodesByFile = new Map<string, NodeClasses>();

  constructor(private readonly index: WorkspaceIndex) {}

  /** The index changed: answers are computed again as they are asked for; node classes only when nodes or placements moved. */
  invalidate(change?: IndexChange): void {
    this.pools.clear();
    this.choices.clear();
    this.sortedCache.clear();
    this.conflicts.clear();
    this.podClassSets.clear();
    this.estimates.clear();
    this.nodesByFile.clear();
    if (!change || change.nodesChanged || change.moved.length) {
      this.nodePool = undefined;
      this.nodeClasses.clear();
    }
  }

  private pool(key: unknown, candidates: () => Iterable<ManifestObject>): Pool {
    let pool = this.pools.get(key);
    if (!pool) this.pools.set(key, (pool = this.makePool(candidates())));
    return pool;
  }

  /** Candidates grouped by file, in file and document order, whatever order the index holds them in. */
  private makePool(candidates: Iterable<ManifestObject>): Pool {
    const byFile = new Map<string, ManifestObject[]>();
    const identities = new Set<string>();
    let unique = true;
    for (const object of candidates) {
      const uri = object.document.file.uri;
      const list = byFile.get(uri);
      if (list) list.push(object);
      else byFile.set(uri, [object]);
      const identity = identityOf(object);
      if (identities.has(identity)) unique = false;
      identities.add(identity);
    }
    const files = [...byFile.keys()].sort();
    let together: Placement | undefined = unique ? new Map() : undefined;
    const all: ManifestObject[] = [];
    for (const uri of files) {
      if (together) together = merge(together, this.index.clusters.placement(uri));
      const list = byFile.get(uri)!;
      list.sort((a, b) => a.document.start - b.document.start || a.node.start - b.node.start);
      all.push(...list);
    }
    return { byFile, together, all };
  }

  /**
   * The candidates deployed with a subject in file `uri` (placed at `start`):
   * the nearest files first; a file's objects join when it can be deployed
   * with everything chosen so far, each object unless a variant of it is
   * already chosen.
   */
  private choose(pool: Pool, uri: string, start: Placement): Chosen {
    const clusters = this.index.clusters;
    if (pool.together) {
      const placement = merge(start, pool.together);
      if (placement) return { objects: pool.all, files: wholePool, placement, whole: true };
    }
    let byUri = this.choices.get(pool);
    if (!byUri) this.choices.set(pool, (byUri = new Map()));
    const key = `${uri}\u0000${JSON.stringify([...start])}`;
    const known = byUri.get(key);
    if (known) return known;
    const files = [...pool.byFile.keys()].map((file) => ({ file, distance: clusters.distance(uri, file) }));
    files.sort((a, b) => a.distance - b.distance || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    let placement = start;
    const chosen = new Set<string>();
    const objects: ManifestObject[] = [];
    const from: string[] = [];
    for (const { file } of files) {
      const merged = merge(placement, clusters.placement(file));
      if (!merged) continue;
      const fresh = pool.byFile.get(file)!.filter((object) => {
        const identity = identityOf(object);
        if (chosen.has(identity)) return false;
        chosen.add(identity);
        return true;
      });
      if (fresh.length === 0) continue;
      placement = merged;
      objects.push(...fresh);
      from.push(file);
    }
    const result = { objects, files: from.join('\u0000'), placement, whole: false };
    byUri.set(key, result);
    return result;
  }

  private sorted(objects: readonly ManifestObject[]): ManifestObject[] {
    let sorted = this.sortedCache.get(objects);
    if (!sorted) this.sortedCache.set(objects, (sorted = byName([...objects])));
    return sorted;
  }

  private placementOf(object: ManifestObject): Placement {
    return this.index.clusters.placement(object.document.file.uri);
  }

  private budgetPool(podClass: PodClass): Pool {
    return this.pool(podClass, function* () {
      for (const selectorClass of podClass.selectors) yield* selectorClass.members;
    });
  }

  private podPool(selectorClass: SelectorClass): Pool {
    return this.pool(selectorClass, function* () {
      for (const podClass of selectorClass.podClasses) yield* podClass.members;
    });
  }

  private chosenPods(pdb: ManifestObject): Chosen {
    const selectorClass = this.index.selectorClass(pdb);
    if (!selectorClass) return { objects: [], files: wholePool, placement: this.placementOf(pdb), whole: true };
    return this.choose(this.podPool(selectorClass), pdb.document.file.uri, this.placementOf(pdb));
  }

  /** The PDBs that select a pod or pod template, deployed with it, by name. */
  budgetsOf(podLike: ManifestObject): Listing {
    const podClass = this.index.podClass(podLike);
    if (!podClass) return new Listing([]);
    return new Listing(this.sorted(this.choose(this.budgetPool(podClass), podLike.document.file.uri, this.placementOf(podLike)).objects));
  }

  /** The pods and pod templates a PDB selects, deployed with it, by name. */
  selectedBy(pdb: ManifestObject): Listing {
    return new Listing(this.sorted(this.chosenPods(pdb).objects));
  }

  /** The status the disruption controller would give a PDB over the pods deployed with it. */
  estimate(pdb: ManifestObject): BudgetEstimate {
    const selected = this.chosenPods(pdb).objects;
    let bySpec = this.estimates.get(selected);
    if (!bySpec) this.estimates.set(selected, (bySpec = new Map()));
    // Everything of the PDB the disruption controller reads, but its selector (the pods are given) and its name.
    const key = JSON.stringify([pdb.apiVersion, { ...(pdb.data['spec'] as object | undefined), selector: undefined }, pdb.data['status']]);
    let estimate = bySpec.get(key);
    if (!estimate) bySpec.set(key, (estimate = estimateBudget(pdb, selected, this.index.isAutoscaled)));
    return estimate;
  }

  /** For pdb-conflict: the other PDBs deployed with a PDB that select some of its pods, and those pods. */
  conflictOf(pdb: ManifestObject): ConflictingBudgets {
    const selectorClass = this.index.selectorClass(pdb);
    const identity = identityOf(pdb);
    if (!selectorClass) return { others: new Listing([]), shared: new Listing([]) };
    const pods = this.chosenPods(pdb);
    const podClasses = this.classesOf(pods.objects);
    // The PDBs over those pods, keyed by the choice of pods: PDBs of one selector share it.
    const pool = this.pool(pods.objects, function* () {
      const seen = new Set<SelectorClass>();
      for (const podClass of podClasses) {
        for (const other of podClass.selectors) {
          if (seen.has(other)) continue;
          seen.add(other);
          yield* other.members;
        }
      }
    });
    const budgets = this.choose(pool, pdb.document.file.uri, pods.placement);
    const key = pods.whole && budgets.whole ? selectorClass : `${this.classId(selectorClass)}\u0000${pdb.document.file.uri}`;
    let conflict = this.conflicts.get(key);
    if (!conflict) {
      // How many chosen PDBs select each pod class: the pods of a class selected twice are shared.
      const chosenBySelector = new Map<SelectorClass, number>();
      for (const budget of budgets.objects) {
        const other = this.index.selectorClass(budget)!;
        chosenBySelector.set(other, (chosenBySelector.get(other) ?? 0) + 1);
      }
      const selecting = new Map<PodClass, number>();
      for (const [other, n] of chosenBySelector) {
        for (const podClass of other.podClasses) if (podClasses.has(podClass)) selecting.set(podClass, (selecting.get(podClass) ?? 0) + n);
      }
      const sharedClasses = new Set([...selecting].filter(([, n]) => n > 1).map(([podClass]) => podClass));
      const sharing = new Set([...chosenBySelector.keys()].filter((other) => [...other.podClasses].some((c) => sharedClasses.has(c))));
      conflict = {
        others: this.sorted(budgets.objects.filter((budget) => sharing.has(this.index.selectorClass(budget)!))),
        shared: this.sorted(pods.objects.filter((podLike) => sharedClasses.has(this.index.podClass(podLike)!))),
      };
      this.conflicts.set(key, conflict);
    }
    return { others: new Listing(conflict.others, identity), shared: new Listing(conflict.shared) };
  }

  private classesOf(podLikes: readonly ManifestObject[]): Set<PodClass> {
    let classes = this.podClassSets.get(podLikes);
    if (!classes) this.podClassSets.set(podLikes, (classes = new Set(podLikes.map((podLike) => this.index.podClass(podLike)!))));
    return classes;
  }

  private readonly classIds = new WeakMap<object, number>();
  private nextClassId = 0;

  private classId(of: object): number {
    let id = this.classIds.get(of);
    if (id === undefined) this.classIds.set(of, (id = this.nextClassId++));
    return id;
  }

  /** The Node manifests a pod or pod template is judged against, in classes: the same for the objects of a file. */
  nodesFor(podLike: ManifestObject): NodeClasses {
    const uri = podLike.document.file.uri;
    let classes = this.nodesByFile.get(uri);
    if (classes) return classes;
    this.nodePool ??= this.makePool(this.index.nodes());
    const { objects, files } = this.choose(this.nodePool, uri, this.placementOf(podLike));
    classes = this.nodeClasses.get(files);
    if (!classes) this.nodeClasses.set(files, (classes = new NodeClasses(objects.map((object) => ({ node: object.data as Node, name: object.name, object })))));
    this.nodesByFile.set(uri, classes);
    return classes;
  }

  /** The pod or workload an Eviction names, deployed with it. */
  evictionTarget(eviction: ManifestObject): EvictionTarget | undefined {
    const uri = eviction.document.file.uri;
    const start = this.placementOf(eviction);
    return findEvictionTarget(eviction.name, (name) => {
      const named = this.index.podLikesNamed(eviction.namespace, name);
      if ([...named].length === 0) return [];
      return this.choose(this.pool(`named\u0000${eviction.namespace}\u0000${name}`, () => named), uri, start).objects;
    });
  }
}
