// The Cluster view: the tree model shown through VS Code. It follows the
// connection (a new cluster: a new tree; no cluster: the exact reason above
// the tree and the actions that fix it as its items), and refreshes only the
// elements each watched change touches, batched over a short delay. Its
// title names the context; its first row says which namespaces it shows.
import * as vscode from 'vscode';
import { commandIds } from '../commandIds';
import { setAccessKeys } from '../contextAccess';
import { viewStateOf, type ConnectionState } from '../contextInUse';
import type { SnapshotHealth } from '../cluster';
import type { Ctx } from '../ctx';
import { itemView, type IconColor } from './treeItems';
import { stateMessage, type StateAction } from './stateMessage';
import { ClusterTreeModel, type TreeElement } from './treeModel';

/** An item of the view while it shows no cluster: an action that fixes why. */
type ActionElement = { readonly kind: 'action'; readonly action: StateAction };
type ViewElement = TreeElement | ActionElement;

export const clusterViewId = 'kubeEviction.cluster';
/** A context key telling the view's state (`kubeEviction.clusterState == ready`), for keybindings and menus. */
export const clusterStateKey = 'kubeEviction.clusterState';
/** How long changes are gathered before the view is told (a drain moves many pods at once). */
const batchMs = 150;

const colors: Record<IconColor, string> = {
  success: 'testing.iconPassed',
  warning: 'list.warningForeground',
  error: 'list.errorForeground',
  muted: 'disabledForeground',
};

export class ClusterTree implements vscode.TreeDataProvider<ViewElement>, vscode.Disposable {
  private model: ClusterTreeModel | undefined;
  private readonly changed = new vscode.EventEmitter<ViewElement | ViewElement[] | undefined>();
  private actions: ActionElement[] = [];
  readonly onDidChangeTreeData = this.changed.event;
  private readonly pending = new Set<TreeElement>();
  private timer: NodeJS.Timeout | undefined;
  private readonly view: vscode.TreeView<ViewElement>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: Ctx) {
    this.view = vscode.window.createTreeView(clusterViewId, { treeDataProvider: this, showCollapseAll: true, canSelectMany: true });
    this.disposables.push(
      this.view,
      this.changed,
      ctx.onDidChangeState((state) => this.stateChanged(state)),
      ctx.onDidChangeObject((change) => {
        if (!this.model) return;
        for (const element of this.model.affectedBy(change)) this.pending.add(element);
        this.timer ??= setTimeout(() => this.flush(), batchMs);
      }),
      ctx.onDidChangeHealth((health) => this.healthChanged(health)),
      ctx.onDidChangeScope(() => this.scopeChanged()),
      ctx.onDidChangeHistory((entry) => {
        if (!this.model) return;
        // The branch appears with its first entry: the roots change.
        const touched = this.model.historyTouched(entry?.id);
        this.changed.fire(touched.length ? touched : undefined);
      }),
      // The cluster is listed and watched once the view is shown, not before.
      this.view.onDidChangeVisibility(({ visible }) => visible && this.connectIfSelected()),
    );
    this.stateChanged(ctx.contextInUse.state);
  }

  private flush(): void {
    this.timer = undefined;
    if (!this.model || this.pending.size === 0) return;
    const elements = this.model.coalesce(this.pending);
    this.pending.clear();
    this.changed.fire(elements);
  }

  private stateChanged(state: ConnectionState): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    this.model = state.kind === 'ready' ? new ClusterTreeModel(state.snapshot, this.ctx.scopes.scope(state.target), this.ctx.history) : undefined;
    void vscode.commands.executeCommand('setContext', clusterStateKey, viewStateOf(state));
    setAccessKeys('target' in state ? this.ctx.scopes.accessOf(state.target.context) : undefined);
    this.nameContext(state);
    const message = stateMessage(state);
    this.view.message = message?.message;
    this.actions = (message?.actions ?? []).map((action) => ({ kind: 'action', action }));
    this.changed.fire(undefined);
    if (this.view.visible) this.connectIfSelected();
  }

  /**
   * The view's title names the context: VS Code shows "KUBE EVICTION: <title>"
   * while the view is alone in its container, where a description would not
   * show. The description, seen when the view shares a container, is the
   * namespaces shown.
   */
  private nameContext(state: ConnectionState): void {
    this.view.title = 'target' in state ? `Cluster · ${state.target.context}` : 'Cluster';
    const namespaces = 'target' in state ? this.ctx.scopes.namespaces(state.target.context) : undefined;
    this.view.description = namespaces ? namespaces.join(', ') : undefined;
  }

  /** A namespace filter (or what the user may do) changed: a new tree for the same cluster. */
  private scopeChanged(): void {
    const state = this.ctx.contextInUse.state;
    if (state.kind !== 'ready') return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    this.model = new ClusterTreeModel(state.snapshot, this.ctx.scopes.scope(state.target), this.ctx.history);
    setAccessKeys(this.ctx.scopes.accessOf(state.target.context));
    this.nameContext(state);
    this.changed.fire(undefined);
  }

  private connectIfSelected(): void {
    if (this.ctx.contextInUse.state.kind === 'selected') void this.ctx.contextInUse.connect();
  }

  private healthChanged(health: SnapshotHealth): void {
    if (this.ctx.contextInUse.state.kind !== 'ready') return;
    this.view.message = health.live
      ? undefined
      : `Watching ${health.resource === 'pdb' ? 'PodDisruptionBudgets' : `${health.resource}s`} was interrupted${health.failure ? ` (${health.failure.message})` : ''}; retrying. The tree shows what was last seen.`;
  }

  getTreeItem(element: ViewElement): vscode.TreeItem {
    if (element.kind === 'action') {
      const item = new vscode.TreeItem(element.action.label);
      item.iconPath = new vscode.ThemeIcon(element.action.icon);
      item.command = { command: element.action.command, title: element.action.label };
      return item;
    }
    const view = this.model && itemView(this.model, element, Date.now());
    if (!view) {
      const gone = new vscode.TreeItem('name' in element ? element.name : element.id);
      gone.description = 'gone';
      gone.id = element.id;
      return gone;
    }
    const item = new vscode.TreeItem(view.label, this.collapsibleState(element, view.expandable));
    item.id = element.id;
    item.description = view.description || undefined;
    item.tooltip = new vscode.MarkdownString(view.tooltip);
    item.contextValue = view.contextValue;
    item.iconPath = new vscode.ThemeIcon(view.icon, view.iconColor ? new vscode.ThemeColor(colors[view.iconColor]) : undefined);
    if (view.command) item.command = { command: view.command.id, title: view.label, arguments: [view.command.argument] };
    else if (element.kind === 'context') item.command = { command: commandIds.selectContext, title: 'Select Context' };
    else if (element.kind === 'entry') item.command = { command: commandIds.openHistoryEntry, title: 'Explain', arguments: [element] };
    else if (element.kind === 'pod' || element.kind === 'node' || element.kind === 'pdb') item.command = { command: commandIds.showDetails, title: 'Show Details', arguments: [element] };
    item.accessibilityInformation = { label: [view.label, view.description].filter(Boolean).join(', ') };
    return item;
  }

  private collapsibleState(element: TreeElement, expandable: boolean): vscode.TreeItemCollapsibleState {
    if (!expandable) return vscode.TreeItemCollapsibleState.None;
    // Nodes, budgets and the history open at first: what a drain is about; so does a held drain, to show why.
    if (element.kind === 'group' && element.group !== 'namespaces') return vscode.TreeItemCollapsibleState.Expanded;
    if (element.kind === 'entry' || element.kind === 'unscheduled') return vscode.TreeItemCollapsibleState.Expanded;
    return vscode.TreeItemCollapsibleState.Collapsed;
  }

  getChildren(element?: ViewElement): ViewElement[] {
    if (!this.model) return element ? [] : this.actions;
    if (!element) return this.model.roots();
    return element.kind === 'action' ? [] : this.model.children(element);
  }

  getParent(element: ViewElement): ViewElement | undefined {
    return element.kind === 'action' ? undefined : this.model?.parent(element);
  }

  /** Shows a pod in the tree, selected: under its namespace, or under Pending when no node holds it. False: the view does not hold it. */
  async revealPod(namespace: string, name: string): Promise<boolean> {
    const state = this.ctx.contextInUse.state;
    const pod = state.kind === 'ready' ? state.snapshot.pod(namespace, name) : undefined;
    if (!this.model || !pod) return false;
    await this.view.reveal(this.model.podElement(pod, pod.spec?.nodeName ? 'namespace' : 'node'), { select: true, focus: true, expand: true });
    return true;
  }


  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
