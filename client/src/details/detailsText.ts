// The read-only details document of a pod, node or PodDisruptionBudget of the
// Cluster view: what matters for evictions in comment lines at the top (for a
// pod its budget and what an eviction would answer now; for a budget the pods
// it selects and their readiness; for a node its pods), the object's recent
// events, then the object itself as `kubectl get -o yaml` shows it. No VS Code here.

import { stringify } from 'yaml';
import { budgetFacts, budgetNumbers, budgetSpecSummary } from '../../../server/src/explain/budget';
import { plural } from '../../../server/src/explain/text';
import { isPodReady } from '../../../server/src/k8s/pods';
import type { KubeObject, Node, Pod, PodDisruptionBudget } from '../../../server/src/k8s/types';
import type { ClusterView } from '../explorer/treeModel';
import type { ContextAccess } from '../cluster/access';
import { evictionForecast } from '../forecast';

export type DetailsKind = 'pod' | 'node' | 'pdb';

/** A core/v1 Event, as far as the document shows it. */
export interface ObjectEvent extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  source?: { component?: string };
  reportingComponent?: string;
}

export interface DetailsInput {
  kind: DetailsKind;
  namespace: string;
  name: string;
  context: string;
  /** The object now; undefined once it is gone. */
  object: Node | Pod | PodDisruptionBudget | undefined;
  /** The object as last seen, shown once it is gone. */
  lastSeen?: Node | Pod | PodDisruptionBudget;
  /** Why the object is not shown as it is now (default: it is gone from the cluster). */
  absence?: string;
  /** The cluster as the view holds it, for the budgets, pods and forecasts. */
  view: ClusterView;
  /** What the context's user may do (a user who may not evict is forecast the 403). */
  access?: ContextAccess;
  /** The object's events; undefined while they are being listed. */
  events: readonly ObjectEvent[] | undefined;
  /** Why the events cannot be shown, when they cannot. */
  eventsProblem?: string;
  nowMs: number;
}

export interface DetailsDocument {
  text: string;
  /** 0-based lines of `managedFields:` blocks, for the editor to fold away. */
  foldLines: number[];
}

/** Events shown at most; the oldest beyond go. */
export const maxEvents = 30;
/** Related pods listed at most (a budget's, a node's). */
const maxPods = 50;

const typeMeta: Record<DetailsKind, { apiVersion: string; kind: string }> = {
  pod: { apiVersion: 'v1', kind: 'Pod' },
  node: { apiVersion: 'v1', kind: 'Node' },
  pdb: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
};

const podName = (pod: Pod) => `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;

function capped(lines: string[]): string[] {
  return lines.length <= maxPods ? lines : [...lines.slice(0, maxPods), `… and ${lines.length - maxPods} more`];
}

/** `Running, Ready` / `Running, not Ready (0/1 containers)` / `Terminating`. */
function podState(pod: Pod): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  const phase = pod.status?.phase ?? 'Unknown';
  if (phase !== 'Running') return phase;
  const statuses = (pod.status?.containerStatuses as { ready?: boolean }[] | undefined) ?? [];
  return isPodReady(pod) ? 'Running, Ready' : `Running, not Ready (${statuses.filter((s) => s?.ready).length}/${pod.spec?.containers?.length ?? statuses.length} containers)`;
}

function podLines(view: ClusterView, pods: readonly Pod[], withNode: boolean): string[] {
  return capped(
    [...pods]
      .sort((a, b) => podName(a).localeCompare(podName(b)))
      .map((pod) => {
        const budgets = view.budgetsFor(pod);
        const budget = budgets.length === 0 ? 'no PDB' : budgets.length > 1 ? `${plural(budgets.length, 'PDB')}: evictions fail (500)` : `${budgets[0]!.metadata?.name ?? ''} allows ${budgets[0]!.status?.disruptionsAllowed ?? 0}`;
        return `  ${podName(pod)}: ${podState(pod)}${withNode ? `, ${pod.spec?.nodeName ? `on ${pod.spec.nodeName}` : 'not scheduled'}` : ''}; ${budget}`;
      }),
  );
}

function podSummary(input: DetailsInput, pod: Pod): string[] {
  const budgets = input.view.budgetsFor(pod);
  const owner = pod.metadata?.ownerReferences?.find((r) => r.controller);
  return [
    `${podState(pod)}, ${pod.spec?.nodeName ? `on node ${pod.spec.nodeName}` : 'not scheduled'}; ${owner ? `controlled by ${owner.kind} ${owner.name}` : 'no controller (nothing replaces it)'}.`,
    budgets.length === 0 ? 'No PodDisruptionBudget selects it.' : `PodDisruptionBudget${budgets.length > 1 ? 's' : ''}: ${budgets.map(budgetFacts).join(', ')}.`,
    `An eviction now: ${evictionForecast(input.access, pod, budgets, input.nowMs).text}`,
  ];
}

function nodeSummary(input: DetailsInput, node: Node): string[] {
  const name = node.metadata?.name ?? '';
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
  const taints = (node.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
  const pods = input.view.podsOnNode(name);
  return [
    `${node.spec?.unschedulable ? 'Cordoned' : 'Schedulable'}; Ready: ${ready}; ${taints.length ? `taints ${taints.join(', ')}` : 'no taints'}.`,
    pods.length ? `${plural(pods.length, 'pod')} (a drain evicts each as its budget allows):` : 'No pods.',
    ...podLines(input.view, pods, false),
  ];
}

function budgetSummary(input: DetailsInput, pdb: PodDisruptionBudget): string[] {
  const pods = input.view.podsSelectedBy(pdb);
  const ready = pods.filter((p) => isPodReady(p) && !p.metadata?.deletionTimestamp).length;
  return [
    `${budgetSpecSummary(pdb.spec ?? undefined)}; ${pdb.status ? `${budgetNumbers(pdb.status)}.` : 'not processed by the disruption controller yet.'}`,
    pods.length ? `Selects ${plural(pods.length, 'pod')}, ${ready} Ready:` : 'Selects no pod.',
    ...podLines(input.view, pods, true),
  ];
}

/** When the event last happened, in RFC 3339 to the second as kubectl prints it (client-node's Dates add milliseconds). */
function eventTime(event: ObjectEvent): string {
  return (event.lastTimestamp || event.eventTime || event.firstTimestamp || event.metadata?.creationTimestamp || '').replace(/\.\d+Z$/, 'Z');
}

function eventLines(input: DetailsInput): string[] {
  if (input.eventsProblem) return [`Events: not shown (${input.eventsProblem}).`];
  if (!input.events) return ['Events: being listed…'];
  if (input.events.length === 0) return ['Events: none recent (watched while this document is open).'];
  const events = [...input.events].sort((a, b) => eventTime(a).localeCompare(eventTime(b))).slice(-maxEvents);
  return [
    `Events (watched while this document is open; the latest ${events.length === input.events.length ? plural(events.length, 'event') : `${maxEvents} of ${input.events.length}`}, oldest first):`,
    ...events.map((e) => {
      const count = (e.count ?? 1) > 1 ? ` (x${e.count})` : '';
      return `  ${eventTime(e)}  ${e.type ?? ''}  ${e.reason ?? ''}${count}  ${e.source?.component || e.reportingComponent || ''}: ${e.message ?? ''}`;
    }),
  ];
}

const kindTitle: Record<DetailsKind, string> = { pod: 'Pod', node: 'Node', pdb: 'PodDisruptionBudget' };

/** The document: comment lines, then the object's YAML with its type first, as kubectl prints it. */
export function detailsDocument(input: DetailsInput): DetailsDocument {
  const ref = input.kind === 'node' ? input.name : `${input.namespace}/${input.name}`;
  const object = input.object ?? input.lastSeen;
  const lines = [`${kindTitle[input.kind]} ${ref} on context ${input.context}: read-only, kept current while open.`];
  if (!input.object) lines.push(`${input.absence ?? 'It is gone from the cluster (deleted or evicted)'}${input.lastSeen ? '; below is what was last seen' : ''}.`);
  else if (input.kind === 'pod') lines.push(...podSummary(input, input.object as Pod));
  else if (input.kind === 'node') lines.push(...nodeSummary(input, input.object as Node));
  else lines.push(...budgetSummary(input, input.object as PodDisruptionBudget));
  lines.push('', ...eventLines(input));
  const header = lines.map((line) => (line ? `# ${line}` : '#')).join('\n');
  const yaml = object ? stringify({ ...typeMeta[input.kind], ...object }, { lineWidth: 0 }) : '';
  const text = `${header}\n${yaml}`;
  const foldLines = text.split('\n').flatMap((line, i) => (/^\s*managedFields:/.test(line) ? [i] : []));
  return { text, foldLines };
}
