// The workspace index: every manifest file, the objects in them grouped by
// namespace, and which PodDisruptionBudgets select which pods and pod
// templates. It is updated file by file: an update re-reads the documents that
// changed and re-matches only the selectors and labels they brought or took
// away, and reports what moved so that the engine re-runs only the rules that
// read it.
import { definitionSpec, type CustomResourceDefinitionManifest } from '../k8s/customResourceDefinitions';
import { pdbSelectorOrNothing } from '../k8s/pdb';
import { selectorMatches, type Requirement, type Selector } from '../k8s/labels';
import { ManifestFile, type DocumentChange, type ManifestDocument, type ManifestObject } from './manifestFile';
import type { CompleteCheck, Reading } from './readDocument';
import { budgetOf, isPodLike, podLabelsOf } from './workloads';

interface Namespace {
  podLikes: Set<ManifestObject>;
  pdbs: Set<ManifestObject>;
  evictions: Set<ManifestObject>;
  autoscalers: Set<ManifestObject>;
  /** Pods and pod templates by each of their labels (`key=value`). */
  podLikesByLabel: Map<string, Set<ManifestObject>>;
  /** PDBs by the labels one of their requirements needs (see anchorsOf); the others in `unanchoredPdbs`. */
  pdbsByAnchor: Map<string, Set<ManifestObject>>;
  unanchoredPdbs: Set<ManifestObject>;
}

const label = (key: string, value: string) => `${key}\u0000${value}`;

/**
 * Labels of which a pod must carry one to match: the values of the equality or In requirement with
 * fewest values. `undefined` when no requirement narrows it (every pod is a candidate); [] for a
 * selector that matches nothing. Only candidates are tested, always with selectorMatches.
 */
function anchorsOf(selector: Selector): string[] | undefined {
  if (selector.kind === 'nothing') return [];
  let best: Requirement | undefined;
  for (const r of selector.requirements) {
    if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && (!best || r.values.length < best.values.length)) best = r;
  }
  return best?.values.map((v) => label(best.key, v));
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  set?.delete(value);
  if (set?.size === 0) map.delete(key);
}

export interface IndexChange {
  files: Set<string>;
  addedDocuments: ManifestDocument[];
  removedDocuments: ManifestDocument[];
  added: ManifestObject[];
  removed: ManifestObject[];
  /** PDBs whose selected pods changed, or whose pods gained or lost another PDB. */
  touchedPdbs: Set<ManifestObject>;
  /** Pods and pod templates whose set of selecting PDBs changed. */
  touchedPodLikes: Set<ManifestObject>;
  /** Namespaces whose pods, workloads or autoscalers changed. */
  podNamespaces: Set<string>;
  nodesChanged: boolean;
  /** Objects of a group and kind whose CustomResourceDefinitions changed. */
  touchedCustomResources: Set<ManifestObject>;
}

export function emptyChange(): IndexChange {
  return {
    files: new Set(),
    addedDocuments: [],
    removedDocuments: [],
    added: [],
    removed: [],
    touchedPdbs: new Set(),
    touchedPodLikes: new Set(),
    podNamespaces: new Set(),
    nodesChanged: false,
    touchedCustomResources: new Set(),
  };
}

/** `group/Kind` of an object of a named API group (CustomResourceDefinitions define no core kinds). */
function groupKindOf(object: ManifestObject): string | undefined {
  const slash = object.apiVersion.indexOf('/');
  return slash > 0 ? `${object.apiVersion.slice(0, slash)}/${object.kind}` : undefined;
}

/** `group/Kind` of the custom resources a CustomResourceDefinition defines. */
function definedGroupKind(crd: ManifestObject): string | undefined {
  const spec = definitionSpec(crd.data as CustomResourceDefinitionManifest);
  return spec && `${spec.group}/${spec.kind}`;
}

export class WorkspaceIndex {
  private readonly fileMap = new Map<string, ManifestFile>();
  private readonly namespaceMap = new Map<string, Namespace>();
  private readonly nodeSet = new Set<ManifestObject>();
  private readonly selectors = new Map<ManifestObject, Selector>();
  private readonly podsOfPdb = new Map<ManifestObject, Set<ManifestObject>>();
  private readonly pdbsOfPod = new Map<ManifestObject, Set<ManifestObject>>();
  private readonly present = new Set<ManifestObject>();
  /** By `group/Kind`: the objects of named API groups, and the CustomResourceDefinitions defining them. */
  private readonly byGroupKind = new Map<string, Set<ManifestObject>>();
  private readonly definitionsByGroupKind = new Map<string, Set<ManifestObject>>();

  file(uri: string): ManifestFile | undefined {
    return this.fileMap.get(uri);
  }

  files(): IterableIterator<ManifestFile> {
    return this.fileMap.values();
  }

  has(object: ManifestObject): boolean {
    return this.present.has(object);
  }

  objects(): IterableIterator<ManifestObject> {
    return this.present.values();
  }

  nodes(): ReadonlySet<ManifestObject> {
    return this.nodeSet;
  }

  podLikes(namespace: string): ReadonlySet<ManifestObject> {
    return this.namespaceMap.get(namespace)?.podLikes ?? new Set();
  }

  pdbs(namespace: string): ReadonlySet<ManifestObject> {
    return this.namespaceMap.get(namespace)?.pdbs ?? new Set();
  }

  evictions(namespace: string): ReadonlySet<ManifestObject> {
    return this.namespaceMap.get(namespace)?.evictions ?? new Set();
  }

  /** The PDBs that select a pod or pod template. */
  pdbsSelecting(podLike: ManifestObject): ReadonlySet<ManifestObject> {
    return this.pdbsOfPod.get(podLike) ?? new Set();
  }

  /** The pods and pod templates a PDB selects. */
  podLikesSelectedBy(pdb: ManifestObject): ReadonlySet<ManifestObject> {
    return this.podsOfPdb.get(pdb) ?? new Set();
  }

  /** The CustomResourceDefinitions of the workspace that define an object's group and kind. */
  definitionsOf(object: ManifestObject): ReadonlySet<ManifestObject> {
    const groupKind = groupKindOf(object);
    return (groupKind && this.definitionsByGroupKind.get(groupKind)) || new Set();
  }

  /** Whether a HorizontalPodAutoscaler in the workspace scales this workload. */
  isAutoscaled = (workload: ManifestObject): boolean => {
    for (const hpa of this.namespaceMap.get(workload.namespace)?.autoscalers ?? []) {
      const target = (hpa.data['spec'] as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef;
      if (target?.kind === workload.kind && target.name === workload.name) return true;
    }
    return false;
  };

  /** Sets a file's text (read from disk or from an editor) and indexes what changed. */
  setFile(uri: string, text: string, reading: Reading, change: IndexChange = emptyChange()): IndexChange {
    let file = this.fileMap.get(uri);
    if (!file) {
      file = new ManifestFile(uri);
      this.fileMap.set(uri, file);
    }
    return this.applyFile(uri, file.update(text, reading), change);
  }

  /** Reads completely what a file's fast reading skipped (`limit` documents at most), and indexes what that changed. */
  completeFile(uri: string, limit: number, check?: CompleteCheck, change: IndexChange = emptyChange()): IndexChange {
    const file = this.fileMap.get(uri);
    return file ? this.applyFile(uri, file.complete(limit, check), change) : change;
  }

  private applyFile(uri: string, { added, removed }: DocumentChange, change: IndexChange): IndexChange {
    if (added.length || removed.length) change.files.add(uri);
    this.apply(added, removed, change);
    return change;
  }

  removeFile(uri: string, change: IndexChange = emptyChange()): IndexChange {
    const file = this.fileMap.get(uri);
    if (!file) return change;
    this.fileMap.delete(uri);
    change.files.add(uri);
    this.apply([], file.documents, change);
    return change;
  }

  private apply(added: ManifestDocument[], removed: ManifestDocument[], change: IndexChange): void {
    change.addedDocuments.push(...added);
    change.removedDocuments.push(...removed);
    for (const document of removed) for (const object of document.objects) this.remove(object, change);
    for (const document of added) for (const object of document.objects) this.add(object, change);
  }

  private namespace(name: string): Namespace {
    let entry = this.namespaceMap.get(name);
    if (!entry) {
      entry = { podLikes: new Set(), pdbs: new Set(), evictions: new Set(), autoscalers: new Set(), podLikesByLabel: new Map(), pdbsByAnchor: new Map(), unanchoredPdbs: new Set() };
      this.namespaceMap.set(name, entry);
    }
    return entry;
  }

  private add(object: ManifestObject, change: IndexChange): void {
    this.present.add(object);
    change.added.push(object);
    this.addGroupKind(object, change);
    const namespace = this.namespace(object.namespace);
    if (object.kind === 'Node') {
      this.nodeSet.add(object);
      change.nodesChanged = true;
    } else if (object.kind === 'PodDisruptionBudget') {
      namespace.pdbs.add(object);
      const selector = pdbSelectorOrNothing(budgetOf(object));
      this.selectors.set(object, selector);
      this.podsOfPdb.set(object, new Set());
      const anchors = anchorsOf(selector);
      if (anchors) for (const anchor of anchors) addTo(namespace.pdbsByAnchor, anchor, object);
      else namespace.unanchoredPdbs.add(object);
      const candidates = anchors ? new Set(anchors.flatMap((a) => [...(namespace.podLikesByLabel.get(a) ?? [])])) : namespace.podLikes;
      for (const podLike of candidates) {
        if (selectorMatches(selector, podLabelsOf(podLike))) this.link(object, podLike, change);
      }
      change.touchedPdbs.add(object);
    } else if (isPodLike(object)) {
      namespace.podLikes.add(object);
      this.pdbsOfPod.set(object, new Set());
      const labels = podLabelsOf(object);
      const candidates = new Set(namespace.unanchoredPdbs);
      for (const [key, value] of Object.entries(labels)) {
        addTo(namespace.podLikesByLabel, label(key, value), object);
        for (const pdb of namespace.pdbsByAnchor.get(label(key, value)) ?? []) candidates.add(pdb);
      }
      for (const pdb of candidates) if (selectorMatches(this.selectors.get(pdb)!, labels)) this.link(pdb, object, change);
      change.touchedPodLikes.add(object);
      change.podNamespaces.add(object.namespace);
    } else if (object.kind === 'Eviction') {
      namespace.evictions.add(object);
    } else if (object.kind === 'HorizontalPodAutoscaler') {
      namespace.autoscalers.add(object);
      this.autoscalersChanged(namespace, object.namespace, change);
    }
  }

  private remove(object: ManifestObject, change: IndexChange): void {
    if (!this.present.delete(object)) return;
    change.removed.push(object);
    this.removeGroupKind(object, change);
    const namespace = this.namespace(object.namespace);
    if (object.kind === 'Node') {
      this.nodeSet.delete(object);
      change.nodesChanged = true;
    } else if (object.kind === 'PodDisruptionBudget') {
      namespace.pdbs.delete(object);
      const anchors = anchorsOf(this.selectors.get(object)!);
      if (anchors) for (const anchor of anchors) removeFrom(namespace.pdbsByAnchor, anchor, object);
      else namespace.unanchoredPdbs.delete(object);
      for (const podLike of this.podsOfPdb.get(object) ?? []) this.unlink(object, podLike, change);
      this.podsOfPdb.delete(object);
      this.selectors.delete(object);
      change.touchedPdbs.delete(object);
    } else if (isPodLike(object)) {
      namespace.podLikes.delete(object);
      for (const [key, value] of Object.entries(podLabelsOf(object))) removeFrom(namespace.podLikesByLabel, label(key, value), object);
      for (const pdb of this.pdbsOfPod.get(object) ?? []) this.unlink(pdb, object, change);
      this.pdbsOfPod.delete(object);
      change.touchedPodLikes.delete(object);
      change.podNamespaces.add(object.namespace);
    } else if (object.kind === 'Eviction') {
      namespace.evictions.delete(object);
    } else if (object.kind === 'HorizontalPodAutoscaler') {
      namespace.autoscalers.delete(object);
      this.autoscalersChanged(namespace, object.namespace, change);
    }
  }

  private addGroupKind(object: ManifestObject, change: IndexChange): void {
    const groupKind = groupKindOf(object);
    if (groupKind) addTo(this.byGroupKind, groupKind, object);
    const defined = object.kind === 'CustomResourceDefinition' ? definedGroupKind(object) : undefined;
    if (!defined) return;
    addTo(this.definitionsByGroupKind, defined, object);
    for (const resource of this.byGroupKind.get(defined) ?? []) change.touchedCustomResources.add(resource);
  }

  private removeGroupKind(object: ManifestObject, change: IndexChange): void {
    const groupKind = groupKindOf(object);
    if (groupKind) removeFrom(this.byGroupKind, groupKind, object);
    change.touchedCustomResources.delete(object);
    const defined = object.kind === 'CustomResourceDefinition' ? definedGroupKind(object) : undefined;
    if (!defined) return;
    removeFrom(this.definitionsByGroupKind, defined, object);
    for (const resource of this.byGroupKind.get(defined) ?? []) change.touchedCustomResources.add(resource);
  }

  /** A pod gaining or losing a PDB changes that PDB and every other PDB of the pod (pdb-conflict). */
  private link(pdb: ManifestObject, podLike: ManifestObject, change: IndexChange): void {
    this.podsOfPdb.get(pdb)!.add(podLike);
    this.pdbsOfPod.get(podLike)!.add(pdb);
    this.touchPodLike(podLike, change);
  }

  private unlink(pdb: ManifestObject, podLike: ManifestObject, change: IndexChange): void {
    this.touchPodLike(podLike, change);
    this.podsOfPdb.get(pdb)?.delete(podLike);
    this.pdbsOfPod.get(podLike)?.delete(pdb);
  }

  private touchPodLike(podLike: ManifestObject, change: IndexChange): void {
    if (this.present.has(podLike)) change.touchedPodLikes.add(podLike);
    for (const pdb of this.pdbsOfPod.get(podLike) ?? []) if (this.present.has(pdb)) change.touchedPdbs.add(pdb);
  }

  private autoscalersChanged(namespace: Namespace, name: string, change: IndexChange): void {
    change.podNamespaces.add(name);
    for (const pdb of namespace.pdbs) change.touchedPdbs.add(pdb);
  }
}
