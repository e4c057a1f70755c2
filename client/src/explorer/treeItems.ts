// How each element of the cluster tree reads: label, description, tooltip,
// icon, and the context value the menus' `when` clauses test (`viewItem`).
// No VS Code here; clusterTree.ts turns these into TreeItems.

import { accessLimits, accessSentences } from '../../../server/src/explain/access';
import { budgetFacts, budgetNumbers, budgetSpecSummary } from '../../../server/src/explain/budget';
import { plural } from '../../../server/src/explain/text';
import { isPodReady, isPodTerminal } from '../../../server/src/k8s/pods';
import type { Node, Pod, PodDisruptionBudget } from '../../../server/src/k8s/types';
import { wellKnownTaints } from '../../../server/src/k8s/tolerations';
import { evictionForecast } from '../forecast';
import type { HistoryEntry, HistorySeverity } from '../history';
import type { ClusterTreeModel, Group, TreeElement, ViewScope } from './treeModel';

/** The `viewItem` values; package.json's menus name them. */
export const contextValues = {
  context: 'kubeEviction.context',
  nodesGroup: 'kubeEviction.group.nodes',
  namespacesGroup: 'kubeEviction.group.namespaces',
  budgetsGroup: 'kubeEviction.group.budgets',
  historyGroup: 'kubeEviction.group.history',
  unscheduled: 'kubeEviction.unscheduled',
  entry: 'kubeEviction.entry',
  detail: 'kubeEviction.detail',
  schedulableNode: 'kubeEviction.node.schedulable',
  cordonedNode: 'kubeEviction.node.cordoned',
  namespace: 'kubeEviction.namespace',
  pod: 'kubeEviction.pod',
  pdb: 'kubeEviction.pdb',
} as const;

export type IconColor = 'success' | 'warning' | 'error' | 'muted';

export interface ItemView {
  label: string;
  description: string;
  /** Markdown. */
  tooltip: string;
  contextValue: string;
  /** A codicon id. */
  icon: string;
  iconColor?: IconColor;
  expandable: boolean;
  /** What a click runs, when the row is an action (a remedy of a held drain). */
  command?: { id: string; argument: unknown };
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const join = (parts: (string | undefined | false)[]) => parts.filter(Boolean).join(' · ');

function nodeReady(node: Node): string | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
}

/** The node's taints, without the one the node controller adds for a cordon (the item says "cordoned"). */
function ownTaints(node: Node) {
  return (node.spec?.taints ?? []).filter((t) => !(node.spec?.unschedulable && t.key === wellKnownTaints.unschedulable));
}

const taintText = (t: { key: string; value?: string; effect: string }) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

/** kubectl's READY column: ready containers / containers. */
function readyContainers(pod: Pod): string {
  const statuses = (pod.status?.containerStatuses as { ready?: boolean }[] | undefined) ?? [];
  const total = pod.spec?.containers?.length ?? statuses.length;
  return `${statuses.filter((s) => s?.ready).length}/${total}`;
}

/** kubectl's STATUS, as far as the tree needs it. */
function podStatus(pod: Pod): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  return pod.status?.phase ?? 'Unknown';
}

function podIcon(pod: Pod): { icon: string; iconColor?: IconColor } {
  if (pod.metadata?.deletionTimestamp) return { icon: 'trash', iconColor: 'muted' };
  if (pod.status?.phase === 'Pending') return { icon: 'clock', iconColor: 'warning' };
  if (pod.status?.phase === 'Failed') return { icon: 'error', iconColor: 'error' };
  if (isPodTerminal(pod)) return { icon: 'check', iconColor: 'muted' };
  return isPodReady(pod) ? { icon: 'pass', iconColor: 'success' } : { icon: 'warning', iconColor: 'warning' };
}

/** The budget part of a pod's description: what the eviction subresource will consult (the budget's name is in the tooltip). */
function podBudget(budgets: PodDisruptionBudget[]): string {
  if (budgets.length === 0) return 'no PDB';
  if (budgets.length > 1) return `${budgets.length} PDBs: evictions fail (500)`;
  return `${budgets[0]!.status?.disruptionsAllowed ?? 0} allowed`;
}

/** A pod's state when it is not simply Running with every container ready (the icon says that much). */
function podState(pod: Pod): string | undefined {
  const status = podStatus(pod);
  if (status !== 'Running') return status;
  const ready = readyContainers(pod);
  return isPodReady(pod) ? undefined : `${ready} ready`;
}

/** The namespace, when it is not the context's own. */
const otherNamespace = (model: ClusterTreeModel, namespace: string) => (namespace !== (model.scope?.target.namespace ?? 'default') ? namespace : undefined);

function budgetDescription(model: ClusterTreeModel, pdb: PodDisruptionBudget): string {
  const s = pdb.status;
  const namespace = otherNamespace(model, pdb.metadata?.namespace ?? '');
  if (!s) return join([namespace, 'not processed yet']);
  const processing = (s.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0);
  return join([namespace, `${s.disruptionsAllowed} allowed`, `${s.currentHealthy} healthy`, processing && 'being processed']);
}

/** The context row: whose cluster this is, which namespaces are shown, and what the user is known not to be allowed. */
function contextItem(scope: ViewScope): ItemView {
  const { target, namespaces, access } = scope;
  // Said only when it is not "every namespace, nothing refused": context names are long enough as they are.
  const shown = namespaces && (namespaces.length === 1 ? namespaces[0]! : plural(namespaces.length, 'namespace'));
  const limits = accessLimits(access);
  const tooltip = [
    `**Context ${target.context}**`,
    `Cluster ${code(target.cluster)}${target.server ? ` (${target.server})` : ''}${target.user ? `, user ${code(target.user)}` : ''}, namespace ${code(target.namespace)}.`,
    namespaces ? `Shows the pods and PodDisruptionBudgets of ${namespaces.map(code).join(', ')}.` : 'Shows the pods and PodDisruptionBudgets of every namespace.',
    ...accessSentences(access),
  ].filter(Boolean);
  return {
    label: target.context,
    description: join([limits, shown]),
    tooltip: tooltip.join('\n\n'),
    contextValue: contextValues.context,
    icon: limits === 'read-only' ? 'lock' : 'server-environment',
    ...(limits ? { iconColor: 'warning' as const } : {}),
    expandable: false,
  };
}

/** `3`, or `1 of 3` when the namespace filter hides some. */
const shownOf = (shown: number, all: number) => (shown === all ? String(shown) : `${shown} of ${all}`);

function groupItem(model: ClusterTreeModel, group: Group): ItemView {
  switch (group) {
    case 'nodes': {
      const count = model.view.nodes().length;
      return { label: 'Nodes', description: String(count), tooltip: plural(count, 'node'), contextValue: contextValues.nodesGroup, icon: 'server', expandable: true };
    }
    case 'namespaces': {
      const count = model.namespaces().length;
      const all = model.view.namespaces().length;
      return { label: 'Namespaces', description: shownOf(count, all), tooltip: `${plural(all, 'namespace')} with pods${count === all ? '' : `, ${count} shown`}`, contextValue: contextValues.namespacesGroup, icon: 'symbol-namespace', expandable: true };
    }
    case 'budgets': {
      const count = model.budgets().length;
      const all = model.view.budgets().length;
      return { label: 'PodDisruptionBudgets', description: shownOf(count, all), tooltip: `${plural(all, 'PodDisruptionBudget')}${count === all ? '' : `, ${count} shown`}`, contextValue: contextValues.budgetsGroup, icon: 'shield', expandable: true };
    }
    case 'history': {
      const entries = model.history?.entries() ?? [];
      const running = entries.filter((e) => !e.severity).length;
      return {
        label: 'History',
        description: join([plural(entries.length, 'action'), running > 0 && `${running} running`]),
        tooltip: 'The evictions, drains and simulated drains of this session, newest first; click one for its explanation.',
        contextValue: contextValues.historyGroup,
        icon: 'history',
        expandable: entries.length > 0,
      };
    }
  }
}

/** The scheduler's word on a pod bound to no node: its PodScheduled=False message, once it has tried. */
function schedulerMessage(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return undefined;
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  return scheduled?.status === 'False' ? scheduled.message || scheduled.reason || undefined : undefined;
}

function unscheduledItem(model: ClusterTreeModel): ItemView {
  const pods = model.unscheduledPods();
  const unschedulable = pods.filter((p) => schedulerMessage(p) !== undefined).length;
  return {
    label: 'Pending',
    description: join([plural(pods.length, 'pod'), unschedulable > 0 && `${unschedulable} unschedulable`]),
    tooltip: [
      `**${plural(pods.length, 'pod')} bound to no node**`,
      'The scheduler has not placed them: each says why (its PodScheduled condition). A budget over them counts them unhealthy, so a drain may wait for them.',
    ].join('\n\n'),
    contextValue: contextValues.unscheduled,
    // Pods waiting for a node: not a clock, which the History's icon already is.
    icon: 'inbox',
    ...(unschedulable > 0 ? { iconColor: 'warning' as const } : {}),
    expandable: pods.length > 0,
  };
}

const entryIcons: Record<HistorySeverity, { icon: string; iconColor: IconColor }> = {
  info: { icon: 'pass', iconColor: 'success' },
  warning: { icon: 'warning', iconColor: 'warning' },
  error: { icon: 'error', iconColor: 'error' },
};

function entryItem(entry: HistoryEntry, scope: ViewScope | undefined): ItemView {
  const when = entry.startedAt.toTimeString().slice(0, 8);
  const elsewhere = entry.context !== scope?.target.context ? entry.context : undefined;
  const tooltip = [
    `**${entry.title}**`,
    `Context ${code(entry.context)}, started ${entry.startedAt.toISOString()}${entry.severity ? '' : '; running'}.`,
    entry.summary,
    entry.held && `${entry.held.summary}\n\n${entry.held.details}`,
    entry.open && (entry.severity ? 'Click for its explanation.' : ''),
  ].filter(Boolean);
  const icon = entry.severity ? entryIcons[entry.severity] : entry.held ? { icon: 'debug-pause', iconColor: 'warning' as const } : { icon: 'loading~spin' };
  return {
    label: entry.title,
    description: join([elsewhere, when, entry.held ? `held: ${entry.held.summary}` : entry.summary]),
    tooltip: tooltip.join('\n\n'),
    contextValue: contextValues.entry,
    ...icon,
    expandable: !!entry.held,
  };
}

function detailItem(entry: HistoryEntry, detail: 'cause' | number): ItemView | undefined {
  const held = entry.held;
  if (!held) return undefined;
  if (detail === 'cause') return { label: held.summary, description: '', tooltip: held.details, contextValue: contextValues.detail, icon: 'info', iconColor: 'warning', expandable: false };
  const remedy = held.remedies[detail];
  return remedy && { label: remedy.title, description: '', tooltip: `${remedy.title}: what would release the hold.\n\n${held.details}`, contextValue: contextValues.detail, icon: 'debug-continue', expandable: false, command: { id: remedy.command, argument: remedy.argument } };
}

function nodeItem(model: ClusterTreeModel, node: Node): ItemView {
  const name = node.metadata?.name ?? '';
  const cordoned = !!node.spec?.unschedulable;
  const ready = nodeReady(node);
  const taints = ownTaints(node);
  const pods = model.view.podsOnNode(name).length;
  const shown = model.podsOnNode(name).length;
  const podCount = shown === pods ? plural(pods, 'pod') : `${shown} of ${plural(pods, 'pod')}`;
  const tooltip = [
    `**Node ${name}**`,
    cordoned ? 'Cordoned: `spec.unschedulable` is true; no new pods are scheduled here.' : 'Schedulable.',
    ready ? `Ready: ${ready}` : undefined,
    taints.length ? `Taints: ${taints.map((t) => code(taintText(t))).join(', ')}` : 'No taints.',
    shown === pods ? `${plural(pods, 'pod')}.` : `${plural(pods, 'pod')}, ${shown} of them in the namespaces shown; a drain evicts them all.`,
  ].filter(Boolean);
  return {
    label: name,
    description: join([cordoned && 'cordoned', ready && ready !== 'True' && 'NotReady', taints.length > 0 && plural(taints.length, 'taint'), podCount]),
    tooltip: tooltip.join('\n\n'),
    contextValue: cordoned ? contextValues.cordonedNode : contextValues.schedulableNode,
    icon: 'server',
    ...(cordoned || (ready && ready !== 'True') ? { iconColor: 'warning' as const } : {}),
    expandable: shown > 0,
  };
}

function podItem(model: ClusterTreeModel, pod: Pod, nowMs: number): ItemView {
  const namespace = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  const budgets = model.view.budgetsFor(pod);
  const owner = pod.metadata?.ownerReferences?.find((r) => r.controller);
  const tooltip = [
    `**Pod ${namespace}/${name}**`,
    join([podStatus(pod), `${readyContainers(pod)} ready`, pod.spec?.nodeName ? `on ${pod.spec.nodeName}` : 'not scheduled']),
    schedulerMessage(pod) && `The scheduler: ${schedulerMessage(pod)}`,
    owner ? `Controlled by ${owner.kind} ${owner.name}.` : 'No controller: a drain needs force to evict it, and nothing replaces it.',
    budgets.length ? `PodDisruptionBudget${budgets.length > 1 ? 's' : ''}: ${budgets.map(budgetFacts).join(', ')}.` : undefined,
    `Evict now: ${evictionForecast(model.scope?.access, pod, budgets, nowMs).text}`,
  ].filter(Boolean);
  return {
    label: name,
    description: join([otherNamespace(model, namespace), podState(pod), podBudget(budgets), schedulerMessage(pod)]),
    tooltip: tooltip.join('\n\n'),
    contextValue: contextValues.pod,
    ...podIcon(pod),
    expandable: false,
  };
}

function budgetItem(model: ClusterTreeModel, pdb: PodDisruptionBudget): ItemView {
  const s = pdb.status;
  const selected = model.view.podsSelectedBy(pdb).length;
  const tooltip = [
    `**PodDisruptionBudget ${pdb.metadata?.namespace ?? ''}/${pdb.metadata?.name ?? ''}**`,
    `${budgetSpecSummary(pdb.spec ?? undefined)}; selects ${plural(selected, 'pod')}.`,
    s ? `${budgetNumbers(s)}.` : 'Not processed by the disruption controller yet.',
  ];
  return {
    label: pdb.metadata?.name ?? '',
    description: budgetDescription(model, pdb),
    tooltip: tooltip.join('\n\n'),
    contextValue: contextValues.pdb,
    icon: 'shield',
    ...((s?.disruptionsAllowed ?? 0) === 0 ? { iconColor: 'warning' as const } : {}),
    expandable: false,
  };
}

/** How an element reads now; undefined when its object is gone. */
export function itemView(model: ClusterTreeModel, element: TreeElement, nowMs: number): ItemView | undefined {
  switch (element.kind) {
    case 'context':
      return model.scope && contextItem(model.scope);
    case 'group':
      return groupItem(model, element.group);
    case 'namespace': {
      const pods = model.view.podsInNamespace(element.name).length;
      return { label: element.name, description: plural(pods, 'pod'), tooltip: `**Namespace ${element.name}**: ${plural(pods, 'pod')}`, contextValue: contextValues.namespace, icon: 'symbol-namespace', expandable: pods > 0 };
    }
    case 'node': {
      const node = model.view.node(element.name);
      return node && nodeItem(model, node);
    }
    case 'pod': {
      const pod = model.view.pod(element.namespace, element.name);
      return pod && podItem(model, pod, nowMs);
    }
    case 'pdb': {
      const pdb = model.view.budget(element.namespace, element.name);
      return pdb && budgetItem(model, pdb);
    }
    case 'unscheduled':
      return unscheduledItem(model);
    case 'entry': {
      const entry = model.history?.entry(element.entry);
      return entry && entryItem(entry, model.scope);
    }
    case 'detail': {
      const entry = model.history?.entry(element.entry);
      return entry && detailItem(entry, element.detail);
    }
  }
}
