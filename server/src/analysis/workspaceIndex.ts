// The workspace index: every manifest file, the objects in them grouped by
// namespace, and which PodDisruptionBudgets select which pods and pod
// templates. Selection is matched between classes, never object by object:
// the pods and pod templates of one label set, the PDBs of one selector, so
// that a thousand copies of one shape cost one match. It is updated file by
// file: an update re-reads the documents that changed and matches only the
// classes they brought, and reports what moved so that the engine re-runs
// only the rules that read it. It also keeps which files hold variants of one
// object (see clusters.ts).
import { definitionSpec, type CustomResourceDefinitionManifest } from '../k8s/customResourceDefinitions';
import { pdbSelectorOrNothing } from '../k8s/pdb';
import { selectorMatches, type Selector } from '../k8s/labels';
import type { Labels } from '../k8s/types';
import { ClusterMap, identityOf } from './clusters';
import { Groups } from './groups';
import type { ReadingInterest } from './interest';
import { anchorsOf, labelAnchor, labelsKey } from './labelIndex';
import { ManifestFile, type DocumentChange, type DocumentReader, type ManifestDocument, type ManifestObject } from './manifestFile';
import { budgetOf, isPodLike, podLabelsOf } from './workloads';

/** The pods and pod templates of a namespace that carry one set of labels: PDBs select them alike. */
export interface PodClass {
  readonly namespace: string;
  readonly labels: Labels;
  readonly members: Set<ManifestObject>;
  /** The selector classes that select these labels. */
  readonly selectors: Set<SelectorClass>;
}

/** The PDBs of a namespace with one selector (as their API version reads it): they select the same pods. */
export interface SelectorClass {
  readonly namespace: string;
  readonly selector: Selector;
  readonly members: Set<ManifestObject>;
  readonly podClasses: Set<PodClass>;
}

interface Namespace {
  podLikes: Set<ManifestObject>;
  pdbs: Set<ManifestObject>;
  evictions: Set<ManifestObject>;
  /** HorizontalPodAutoscalers by `kind\0name` of the workload they scale. */
  autoscaled: Groups<string, ManifestObject>;
  podClasses: Map<string, PodClass>;
  selectorClasses: Map<string, SelectorClass>;
  /** Pod classes by each of their labels (`key=value`). */
  podClassesByLabel: Groups<string, PodClass>;
  /** Selector classes by the labels one of their requirements needs (see anchorsOf); the others in `unanchored`. */
  selectorsByAnchor: Groups<string, SelectorClass>;
  unanchored: Set<SelectorClass>;
  podLikesByName: Groups<string, ManifestObject>;
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
  /** Selector classes whose PDBs' selected pods changed, or whose pods gained or lost another PDB. */
  touchedSelectors: Set<SelectorClass>;
  /** Pod classes whose set of selecting PDBs changed. */
  touchedPodClasses: Set<PodClass>;
  /** Objects whose placement changed (see clusters.ts): what they relate to may have. */
  moved: ManifestObject[];
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
    touchedSelectors: new Set(),
    touchedPodClasses: new Set(),
    moved: [],
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
  readonly clusters = new ClusterMap();
  private readonly fileMap = new Map<string, ManifestFile>();
  private readonly namespaceMap = new Map<string, Namespace>();
  private readonly nodeSet = new Set<ManifestObject>();
  private readonly podClassOf = new Map<ManifestObject, PodClass>();
  private readonly selectorClassOf = new Map<ManifestObject, SelectorClass>();
  /** For each object identity, how many of its variants each file holds (one file holding one: its URI). */
  private readonly holders = new Map<string, string | Map<string, number>>();
  /** While a change is applied: the files that held each identity whose holders change, before it. */
  private holdersBefore: Map<string, string[]> | undefined;
  private readonly present = new Set<ManifestObject>();
  /** By `group/Kind`: the objects of named API groups, and the CustomResourceDefinitions defining them. */
  private readonly byGroupKind = new Map<string, Set<ManifestObject>>();
  private readonly definitionsByGroupKind = new Map<string, Set<ManifestObject>>();

  /** `interest`: what is read of the files (see readingInterest). */
  constructor(private readonly interest: ReadingInterest) {}

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

  /** The pods and workloads of a namespace with this name. */
  podLikesNamed(namespace: string, name: string): readonly ManifestObject[] | ReadonlySet<ManifestObject> {
    return this.namespaceMap.get(namespace)?.podLikesByName.get(name) ?? [];
  }

  pdbs(namespace: string): ReadonlySet<ManifestObject> {
    return this.namespaceMap.get(namespace)?.pdbs ?? new Set();
  }

  evictions(namespace: string): ReadonlySet<ManifestObject> {
    return this.namespaceMap.get(namespace)?.evictions ?? new Set();
  }

  podClass(podLike: ManifestObject): PodClass | undefined {
    return this.podClassOf.get(podLike);
  }

  selectorClass(pdb: ManifestObject): SelectorClass | undefined {
    return this.selectorClassOf.get(pdb);
  }

  /** The PDBs of the workspace that select a pod or pod template, in every file (see relations.ts for those deployed with it). */
  *pdbsSelecting(podLike: ManifestObject): IterableIterator<ManifestObject> {
    for (const selectors of this.podClassOf.get(podLike)?.selectors ?? []) yield* selectors.members;
  }

  /** The CustomResourceDefinitions of the workspace that define an object's group and kind. */
  definitionsOf(object: ManifestObject): ReadonlySet<ManifestObject> {
    const groupKind = groupKindOf(object);
    return (groupKind && this.definitionsByGroupKind.get(groupKind)) || new Set();
  }

  /** Whether a HorizontalPodAutoscaler in the workspace scales this workload. */
  isAutoscaled = (workload: ManifestObject): boolean => !!this.namespaceMap.get(workload.namespace)?.autoscaled.has(`${workload.kind}\u0000${workload.name}`);
  /** Sets a file's text (read from disk or from an editor) and indexes what changed. */
  setFile(uri: string, text: string, reading: DocumentReader, change: IndexChange = emptyChange()): IndexChange {
    let file = this.fileMap.get(uri);
    if (!file) {
      file = new ManifestFile(uri, this.interest);
      this.fileMap.set(uri, file);
    }
    return this.applyFile(uri, file.update(text, reading), change);
  }

  /** Reads completely what a file's fast reading skipped (`limit` documents at most), and indexes what that changed. */
  completeFile(uri: string, limit: number, change: IndexChange = emptyChange()): IndexChange {
    const file = this.fileMap.get(uri);
    return file ? this.applyFile(uri, file.complete(limit), change) : change;
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
    this.clusters.forget(uri);
    return change;
  }

  private apply(added: ManifestDocument[], removed: ManifestDocument[], change: IndexChange): void {
    change.addedDocuments.push(...added);
    change.removedDocuments.push(...removed);
    // The files holding each object whose holders change, as they were: to tell where its variants moved.
    const before = new Map<string, string[]>();
    this.holdersBefore = before;
    for (const document of removed) for (const object of document.objects) this.remove(object, change);
    for (const document of added) for (const object of document.objects) this.add(object, change);
    this.holdersBefore = undefined;
    const moved: string[] = [];
    for (const [identity, was] of before) {
      // Variants need two files: one file before and after parts no folder.
      const now = this.holdersOf(identity);
      if (was.length < 2 && now.length < 2) continue;
      if (now.length !== was.length || now.some((uri) => !was.includes(uri))) moved.push(...this.clusters.holdersChanged(was, now));
    }
    if (moved.length) this.placementsMoved(moved, change);
  }

  /** Files now alternatives of others, or no longer: everything they relate is judged again. */
  private placementsMoved(prefixes: readonly string[], change: IndexChange): void {
    for (const file of this.fileMap.values()) {
      if (!prefixes.some((prefix) => this.clusters.isUnder(file.uri, prefix))) continue;
      for (const document of file.documents) {
        for (const object of document.objects) {
          if (!this.present.has(object)) continue;
          change.moved.push(object);
          if (object.kind === 'Node') change.nodesChanged = true;
          else if (object.kind === 'PodDisruptionBudget') this.touchSelectorClass(this.selectorClassOf.get(object)!, change);
          else if (isPodLike(object)) {
            this.touchPodClass(this.podClassOf.get(object)!, change);
            change.podNamespaces.add(object.namespace);
          }
        }
      }
    }
  }

  private namespace(name: string): Namespace {
    let entry = this.namespaceMap.get(name);
    if (!entry) {
      entry = {
        podLikes: new Set(),
        pdbs: new Set(),
        evictions: new Set(),
        autoscaled: new Groups(),
        podClasses: new Map(),
        selectorClasses: new Map(),
        podClassesByLabel: new Groups(),
        selectorsByAnchor: new Groups(),
        unanchored: new Set(),
        podLikesByName: new Groups(),
      };
      this.namespaceMap.set(name, entry);
    }
    return entry;
  }

  private hold(object: ManifestObject, delta: 1 | -1): void {
    if (!object.name || object.kind === 'Eviction') return;
    const identity = identityOf(object);
    const uri = object.document.file.uri;
    const files = this.holders.get(identity);
    const had = files === undefined ? 0 : typeof files === 'string' ? (files === uri ? 1 : 0) : (files.get(uri) ?? 0);
    const n = had + delta;
    if ((had === 0) !== (n === 0) && this.holdersBefore && !this.holdersBefore.has(identity)) this.holdersBefore.set(identity, this.holdersOf(identity));
    if (files === undefined) {
      if (n > 0) this.holders.set(identity, uri);
      return;
    }
    // A lone file holding one variant is kept as its URI: most objects have one.
    const counts = typeof files === 'string' ? new Map([[files, 1]]) : files;
    if (n > 0) counts.set(uri, n);
    else counts.delete(uri);
    const [only] = counts;
    if (counts.size === 0) this.holders.delete(identity);
    else if (counts.size === 1 && only![1] === 1) this.holders.set(identity, only![0]);
    else this.holders.set(identity, counts);
  }

  /** The files holding variants of an object. */
  private holdersOf(identity: string): string[] {
    const files = this.holders.get(identity);
    return files === undefined ? [] : typeof files === 'string' ? [files] : [...files.keys()];
  }

  private add(object: ManifestObject, change: IndexChange): void {
    this.present.add(object);
    this.hold(object, 1);
    change.added.push(object);
    this.addGroupKind(object, change);
    const namespace = this.namespace(object.namespace);
    if (object.kind === 'Node') {
      this.nodeSet.add(object);
      change.nodesChanged = true;
    } else if (object.kind === 'PodDisruptionBudget') {
      namespace.pdbs.add(object);
      const selectorClass = this.selectorClassFor(namespace, object.namespace, pdbSelectorOrNothing(budgetOf(object)));
      selectorClass.members.add(object);
      this.selectorClassOf.set(object, selectorClass);
      this.touchSelectorClass(selectorClass, change);
    } else if (isPodLike(object)) {
      namespace.podLikes.add(object);
      namespace.podLikesByName.add(object.name, object);
      const podClass = this.podClassFor(namespace, object.namespace, podLabelsOf(object));
      podClass.members.add(object);
      this.podClassOf.set(object, podClass);
      this.touchPodClass(podClass, change);
      change.podNamespaces.add(object.namespace);
    } else if (object.kind === 'Eviction') {
      namespace.evictions.add(object);
    } else if (object.kind === 'HorizontalPodAutoscaler') {
      const target = scaleTargetOf(object);
      if (target) namespace.autoscaled.add(target, object);
      this.autoscalersChanged(namespace, object.namespace, change);
    }
  }

  private remove(object: ManifestObject, change: IndexChange): void {
    if (!this.present.delete(object)) return;
    this.hold(object, -1);
    change.removed.push(object);
    this.removeGroupKind(object, change);
    const namespace = this.namespace(object.namespace);
    if (object.kind === 'Node') {
      this.nodeSet.delete(object);
      change.nodesChanged = true;
    } else if (object.kind === 'PodDisruptionBudget') {
      namespace.pdbs.delete(object);
      const selectorClass = this.selectorClassOf.get(object)!;
      this.selectorClassOf.delete(object);
      this.touchSelectorClass(selectorClass, change);
      selectorClass.members.delete(object);
      if (selectorClass.members.size === 0) this.dropSelectorClass(namespace, selectorClass);
    } else if (isPodLike(object)) {
      namespace.podLikes.delete(object);
      namespace.podLikesByName.delete(object.name, object);
      const podClass = this.podClassOf.get(object)!;
      this.podClassOf.delete(object);
      this.touchPodClass(podClass, change);
      podClass.members.delete(object);
      if (podClass.members.size === 0) this.dropPodClass(namespace, podClass);
      change.podNamespaces.add(object.namespace);
    } else if (object.kind === 'Eviction') {
      namespace.evictions.delete(object);
    } else if (object.kind === 'HorizontalPodAutoscaler') {
      const target = scaleTargetOf(object);
      if (target) namespace.autoscaled.delete(target, object);
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

  /** The class of a selector, made and matched against the namespace's pod classes when it is new. */
  private selectorClassFor(namespace: Namespace, name: string, selector: Selector): SelectorClass {
    const key = JSON.stringify(selector);
    let selectorClass = namespace.selectorClasses.get(key);
    if (selectorClass) return selectorClass;
    selectorClass = { namespace: name, selector, members: new Set(), podClasses: new Set() };
    namespace.selectorClasses.set(key, selectorClass);
    const anchors = anchorsOf(selector);
    if (anchors) for (const anchor of anchors) namespace.selectorsByAnchor.add(anchor, selectorClass);
    else namespace.unanchored.add(selectorClass);
    const candidates = anchors ? new Set(anchors.flatMap((a) => [...namespace.podClassesByLabel.get(a)])) : namespace.podClasses.values();
    for (const podClass of candidates) {
      if (!selectorMatches(selector, podClass.labels)) continue;
      selectorClass.podClasses.add(podClass);
      podClass.selectors.add(selectorClass);
    }
    return selectorClass;
  }

  private dropSelectorClass(namespace: Namespace, selectorClass: SelectorClass): void {
    namespace.selectorClasses.delete(JSON.stringify(selectorClass.selector));
    const anchors = anchorsOf(selectorClass.selector);
    if (anchors) for (const anchor of anchors) namespace.selectorsByAnchor.delete(anchor, selectorClass);
    else namespace.unanchored.delete(selectorClass);
    for (const podClass of selectorClass.podClasses) podClass.selectors.delete(selectorClass);
  }

  /** The class of a label set, made and matched against the namespace's selector classes when it is new. */
  private podClassFor(namespace: Namespace, name: string, labels: Labels): PodClass {
    const key = labelsKey(labels);
    let podClass = namespace.podClasses.get(key);
    if (podClass) return podClass;
    podClass = { namespace: name, labels, members: new Set(), selectors: new Set() };
    namespace.podClasses.set(key, podClass);
    const candidates = new Set(namespace.unanchored);
    for (const [k, v] of Object.entries(labels)) {
      namespace.podClassesByLabel.add(labelAnchor(k, v), podClass);
      for (const selectorClass of namespace.selectorsByAnchor.get(labelAnchor(k, v))) candidates.add(selectorClass);
    }
    for (const selectorClass of candidates) {
      if (!selectorMatches(selectorClass.selector, labels)) continue;
      selectorClass.podClasses.add(podClass);
      podClass.selectors.add(selectorClass);
    }
    return podClass;
  }

  private dropPodClass(namespace: Namespace, podClass: PodClass): void {
    namespace.podClasses.delete(labelsKey(podClass.labels));
    for (const [k, v] of Object.entries(podClass.labels)) namespace.podClassesByLabel.delete(labelAnchor(k, v), podClass);
    for (const selectorClass of podClass.selectors) selectorClass.podClasses.delete(podClass);
  }

  /** A pod or pod template came, went or moved: the PDBs that select it see other pods. */
  private touchPodClass(podClass: PodClass, change: IndexChange): void {
    for (const selectorClass of podClass.selectors) change.touchedSelectors.add(selectorClass);
  }

  /** A PDB came, went or moved: its pods have other PDBs, and so have the other PDBs of those pods (pdb-conflict). */
  private touchSelectorClass(selectorClass: SelectorClass, change: IndexChange): void {
    change.touchedSelectors.add(selectorClass);
    for (const podClass of selectorClass.podClasses) {
      if (change.touchedPodClasses.has(podClass)) continue;
      change.touchedPodClasses.add(podClass);
      for (const other of podClass.selectors) change.touchedSelectors.add(other);
    }
  }

  private autoscalersChanged(namespace: Namespace, name: string, change: IndexChange): void {
    change.podNamespaces.add(name);
    for (const selectorClass of namespace.selectorClasses.values()) change.touchedSelectors.add(selectorClass);
  }
}

function scaleTargetOf(hpa: ManifestObject): string | undefined {
  const target = (hpa.data['spec'] as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef;
  return target?.kind && target.name ? `${target.kind}\u0000${target.name}` : undefined;
}
