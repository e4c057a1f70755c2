// Show Details: a read-only YAML document per pod, node or budget (opened by
// a click in the Cluster view), kept current while a tab shows it: the object
// and its neighbours from the view's watches, its events from a watch of
// their own on a connection of their own, stopped when the last tab showing
// the document closes. Its managedFields are folded away.
import * as vscode from 'vscode';
import type { Cluster, Informer } from '../cluster';
import { clusterLayer } from '../clusterLayer';
import type { SnapshotChange } from '../cluster/snapshot';
import type { ContextTarget } from '../contextInUse';
import type { Ctx } from '../ctx';
import type { TreeElement } from '../explorer/treeModel';
import type { KubeObject, Node, Pod, PodDisruptionBudget } from '../../../server/src/k8s/types';
import { detailsDocument, type DetailsKind, type ObjectEvent } from './detailsText';

export const detailsScheme = 'kube-eviction-details';

/** Changes are gathered this long before a document is rendered again (a drain moves many pods). */
const refreshMs = 200;

const apiKind: Record<DetailsKind, string> = { pod: 'Pod', node: 'Node', pdb: 'PodDisruptionBudget' };

interface Watched {
  kind: DetailsKind;
  namespace: string;
  name: string;
  target: ContextTarget;
  lastSeen?: Node | Pod | PodDisruptionBudget;
  events?: Informer<KubeObject>;
  eventsProblem?: string;
  stop(): void;
}

export class DetailsDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly watched = new Map<string, Watched>();
  private readonly due = new Set<string>();
  /** Documents between their watch's start and their tab: a tab change meanwhile (another tab closing, a refresh) must not forget them. */
  private readonly opening = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly ctx: Ctx) {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(detailsScheme, this),
      this.changed,
      ctx.onDidChangeObject((change) => this.objectChanged(change)),
      ctx.onDidChangeState(() => this.refresh([...this.watched.keys()])),
      vscode.window.tabGroups.onDidChangeTabs(() => this.forgetClosed()),
    ];
  }

  /** Opens the details of the object a tree element shows (`preserveFocus`: the tree keeps the keyboard, as a click in the Explorer does). */
  async show(element: TreeElement, preserveFocus = false): Promise<void> {
    const state = this.ctx.contextInUse.state;
    if (state.kind !== 'ready' || (element.kind !== 'pod' && element.kind !== 'node' && element.kind !== 'pdb')) return;
    const kind: DetailsKind = element.kind;
    const namespace = element.kind === 'node' ? '' : element.namespace;
    const uri = vscode.Uri.from({ scheme: detailsScheme, path: `/${state.target.context}/${kind}s/${namespace ? `${namespace}/` : ''}${element.name}.yaml` });
    const key = uri.toString();
    if (!this.watched.has(key)) this.watched.set(key, this.watch(uri, { kind, namespace, name: element.name, target: state.target }));
    this.opening.add(key);
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      if (document.languageId !== 'yaml') await vscode.languages.setTextDocumentLanguage(document, 'yaml');
      await vscode.window.showTextDocument(document, { preview: true, preserveFocus });
    } finally {
      this.opening.delete(key);
    }
    const { foldLines } = this.render(key);
    if (foldLines.length) await vscode.commands.executeCommand('editor.fold', { levels: 1, selectionLines: foldLines });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.render(uri.toString()).text;
  }

  /** Starts the events watch of a document, on a connection of its own. */
  private watch(uri: vscode.Uri, what: Omit<Watched, 'stop'>): Watched {
    const key = uri.toString();
    const entry: Watched = { ...what, stop: () => {} };
    const opened = this.ctx.contextInUse.openForAction(what.target);
    if (!opened.ok) {
      entry.eventsProblem = opened.failure.message;
      return entry;
    }
    const cluster: Cluster = opened.cluster;
    const release = this.ctx.log.watch(cluster);
    const life = new AbortController();
    entry.stop = () => {
      life.abort();
      cluster.close();
      release();
    };
    const layer = clusterLayer();
    const source = layer.eventsSource({ kind: apiKind[what.kind], name: what.name, ...(what.namespace ? { namespace: what.namespace } : {}) });
    const refresh = () => this.refresh([key]);
    const events = new layer.Informer<KubeObject>(cluster, source, { added: refresh, modified: refresh, deleted: refresh });
    void events.start(life.signal).then((started) => {
      if (started.ok) entry.events = events;
      else entry.eventsProblem = cluster.secrets.redact(started.failure.message);
      refresh();
    });
    return entry;
  }

  private render(key: string): { text: string; foldLines: number[] } {
    const entry = this.watched.get(key);
    if (!entry) return { text: '# This document is no longer kept current: open it again from the Cluster view.\n', foldLines: [] };
    const state = this.ctx.contextInUse.state;
    const view = state.kind === 'ready' && state.target.context === entry.target.context ? state.snapshot : undefined;
    if (!view) return detailsDocument({ ...this.input(entry, undefined), view: new (clusterLayer().ClusterObjects)(), absence: 'The Cluster view is not showing this context now' });
    const object = entry.kind === 'pod' ? view.pod(entry.namespace, entry.name) : entry.kind === 'node' ? view.node(entry.name) : view.budget(entry.namespace, entry.name);
    if (object) entry.lastSeen = object;
    return detailsDocument({ ...this.input(entry, object), view });
  }

  private input(entry: Watched, object: Node | Pod | PodDisruptionBudget | undefined) {
    return {
      kind: entry.kind,
      namespace: entry.namespace,
      name: entry.name,
      context: entry.target.context,
      object,
      ...(entry.lastSeen ? { lastSeen: entry.lastSeen } : {}),
      events: entry.events?.list() as ObjectEvent[] | undefined,
      ...(entry.eventsProblem ? { eventsProblem: entry.eventsProblem } : {}),
      nowMs: Date.now(),
    };
  }

  /** The documents a change can alter: the object's own, and those that list it (a node's pods, a budget's pods, a pod's budget). */
  private objectChanged(change: SnapshotChange): void {
    const namespace = change.object.metadata?.namespace ?? '';
    const name = change.object.metadata?.name ?? '';
    const touched = [...this.watched].filter(([, w]) => {
      if (change.resource === 'node') return w.kind === 'node' && w.name === name;
      if (change.resource === 'pdb') return w.namespace === namespace && w.kind !== 'node';
      const nodes = [change.object.spec?.nodeName, change.previous?.spec?.nodeName];
      return (w.kind === 'node' && nodes.includes(w.name)) || (w.kind !== 'node' && w.namespace === namespace && (w.kind === 'pdb' || w.name === name));
    });
    this.refresh(touched.map(([key]) => key));
  }

  private refresh(keys: string[]): void {
    for (const key of keys) this.due.add(key);
    if (this.due.size === 0) return;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      for (const key of this.due) this.changed.fire(vscode.Uri.parse(key));
      this.due.clear();
    }, refreshMs);
  }

  /** Stops watching for the documents no tab shows any more. */
  private forgetClosed(): void {
    const shown = new Set<string>();
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) if (tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === detailsScheme) shown.add(tab.input.uri.toString());
    }
    for (const [key, entry] of this.watched) {
      if (shown.has(key) || this.opening.has(key)) continue;
      entry.stop();
      this.watched.delete(key);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const entry of this.watched.values()) entry.stop();
    this.watched.clear();
    for (const d of this.disposables) d.dispose();
  }
}

