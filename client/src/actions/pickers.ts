// Quick picks that ask for what a command acts on when it was not invoked on
// an item (the palette), and the options step of a drain.
import * as vscode from 'vscode';
import type { ClusterSnapshot } from '../cluster/snapshot';
import { itemView } from '../explorer/treeItems';
import { ClusterTreeModel, type TreeElement, type ViewScope } from '../explorer/treeModel';
import type { Pod, PodDisruptionBudget } from '../../../server/src/k8s/types';
import { describeChoices, gracePeriodText, timeoutText, type DrainChoices } from './drainChoices';
import type { PodTarget } from './targets';

const byName = new Intl.Collator('en', { numeric: true }).compare;

/** What the Cluster view says of the element (`scope`: the view's, for the namespaces it names). */
function describe(snapshot: ClusterSnapshot, scope: ViewScope | undefined, element: TreeElement): string {
  return itemView(new ClusterTreeModel(snapshot, scope), element, Date.now())?.description ?? '';
}

export async function pickPod(snapshot: ClusterSnapshot, scope: ViewScope | undefined, title: string, pods: Pod[] = snapshot.pods()): Promise<PodTarget | undefined> {
  const items = pods
    .map((pod) => {
      const namespace = pod.metadata?.namespace ?? '';
      const name = pod.metadata?.name ?? '';
      return { label: name, description: describe(snapshot, scope, { kind: 'pod', id: '', namespace, name, under: 'node' }), detail: pod.spec?.nodeName ? `on ${pod.spec.nodeName}` : 'not scheduled', target: { namespace, name } };
    })
    .sort((a, b) => byName(`${a.target.namespace}/${a.label}`, `${b.target.namespace}/${b.label}`));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Pod (type to filter by name, namespace or node)', matchOnDescription: true, matchOnDetail: true });
  return picked?.target;
}

/** Several nodes, checked (Simulate Drain from the palette). */
export async function pickNodes(snapshot: ClusterSnapshot, scope: ViewScope | undefined, title: string): Promise<string[]> {
  const items = snapshot
    .nodes()
    .map((node) => node.metadata?.name ?? '')
    .sort(byName)
    .map((name) => ({ label: name, description: describe(snapshot, scope, { kind: 'node', id: '', name }) }));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Nodes, drained one after another in this order', canPickMany: true, ignoreFocusOut: true });
  return (picked ?? []).map((item) => item.label);
}

/** A node; `which` narrows to those a cordon or an uncordon would change. */
export async function pickNode(snapshot: ClusterSnapshot, scope: ViewScope | undefined, title: string, which: 'any' | 'schedulable' | 'cordoned' = 'any'): Promise<string | undefined> {
  const nodes = snapshot.nodes().filter((node) => which === 'any' || !!node.spec?.unschedulable === (which === 'cordoned'));
  if (nodes.length === 0) {
    void vscode.window.showInformationMessage(`Kube Eviction: no ${which === 'cordoned' ? 'cordoned' : 'schedulable'} node.`);
    return undefined;
  }
  const items = nodes
    .map((node) => node.metadata?.name ?? '')
    .sort(byName)
    .map((name) => ({ label: name, description: describe(snapshot, scope, { kind: 'node', id: '', name }) }));
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'Node' }))?.label;
}

export async function pickBudget(snapshot: ClusterSnapshot, scope: ViewScope | undefined, title: string): Promise<PodDisruptionBudget | undefined> {
  const items = snapshot.budgets().map((pdb) => {
    const namespace = pdb.metadata?.namespace ?? '';
    const name = pdb.metadata?.name ?? '';
    return { label: name, description: describe(snapshot, scope, { kind: 'pdb', id: '', namespace, name }), pdb };
  });
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'PodDisruptionBudget' }))?.pdb;
}

type ChoiceItem = vscode.QuickPickItem & { choice?: 'ignoreDaemonSets' | 'deleteEmptyDirData' | 'force' | 'timing' };

/**
 * The options step of a drain, or of its simulation: kubectl's flags as
 * checkboxes, preset from the settings; checking the last item asks for the
 * grace period and the timeout. `nodes`: what the title names.
 */
export async function pickDrainChoices(nodes: string, defaults: DrainChoices, purpose: 'drain' | 'simulate'): Promise<DrainChoices | undefined> {
  const step = purpose === 'drain' ? `Drain ${nodes}` : `Simulate drain of ${nodes}`;
  const items: ChoiceItem[] = [
    { label: 'Ignore DaemonSets', description: '--ignore-daemonsets', detail: 'Leave DaemonSet-managed pods running (their controller would recreate them); without it, such pods stop the drain.', choice: 'ignoreDaemonSets', picked: defaults.ignoreDaemonSets },
    { label: 'Delete emptyDir data', description: '--delete-emptydir-data', detail: "Evict pods with emptyDir volumes; that data is lost.", choice: 'deleteEmptyDirData', picked: defaults.deleteEmptyDirData },
    { label: 'Force', description: '--force', detail: 'Also evict pods that no controller manages; nothing recreates them.', choice: 'force', picked: defaults.force },
    { label: 'Change grace period and timeout…', description: `${gracePeriodText(defaults.gracePeriodSeconds)}, ${timeoutText(defaults.timeoutSeconds)}`, choice: 'timing' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `${step}: options`,
    placeHolder: `Enter to ${purpose === 'drain' ? 'drain' : 'simulate'} with these options (${describeChoices(defaults)})`,
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  const has = (choice: ChoiceItem['choice']) => picked.some((item) => item.choice === choice);
  const choices: DrainChoices = { ...defaults, ignoreDaemonSets: has('ignoreDaemonSets'), deleteEmptyDirData: has('deleteEmptyDirData'), force: has('force') };
  if (!has('timing')) return choices;
  const grace = await askInteger(`${step}: grace period in seconds (-1: each pod's own terminationGracePeriodSeconds)`, choices.gracePeriodSeconds, -1);
  if (grace === undefined) return undefined;
  const timeout = await askInteger(`${step}: timeout in seconds (0: none; the node stays cordoned when it runs out)`, choices.timeoutSeconds, 0);
  if (timeout === undefined) return undefined;
  return { ...choices, gracePeriodSeconds: grace, timeoutSeconds: timeout };
}

async function askInteger(title: string, value: number, minimum: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    value: String(value),
    ignoreFocusOut: true,
    validateInput: (input) => (/^-?\d+$/.test(input.trim()) && Number(input) >= minimum ? undefined : `A whole number, ${minimum} or more`),
  });
  return text === undefined ? undefined : Number(text.trim());
}
