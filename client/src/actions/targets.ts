// What a command acts on, read from whatever invoked it: an item of our
// tree, a code lens on an Eviction manifest, or a pod item of the Kubernetes
// extension (ms-kubernetes-tools.vscode-kubernetes-tools) tree.

import type { EvictionTarget } from '../../../server/src/lsp/contract';
import type { PodRef } from '../cluster/evictionAnswer';
import type { TreeElement } from '../explorer/treeModel';

export interface PodTarget extends PodRef {
  /** From an Eviction manifest's deleteOptions. */
  gracePeriodSeconds?: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/**
 * A pod of the Kubernetes extension's Cluster Explorer: a resource node whose
 * `kindName` is `pod/<name>` (older releases: `id`, and `resourceId`
 * `pod/<name>`), with `metadata` when listed with it; a namespace of `null`
 * means the context's namespace.
 * (vscode-kubernetes-tools src/components/clusterexplorer/node.resource.ts)
 */
function kubernetesToolsPod(node: Record<string, unknown>, defaultNamespace: string): PodTarget | undefined {
  const metadata = isObject(node.metadata) ? node.metadata : {};
  const kindName = text(node.kindName) ?? text(node.resourceId);
  const name = text(metadata.name) ?? text(node.name) ?? text(node.id) ?? kindName?.slice(kindName.indexOf('/') + 1);
  if (!name) return undefined;
  return { namespace: text(node.namespace) ?? text(metadata.namespace) ?? defaultNamespace, name };
}

/** The pod a command was invoked on, undefined when the argument names none (then the command asks). */
export function podTargetOf(arg: unknown, defaultNamespace: string): PodTarget | undefined {
  if (!isObject(arg)) return undefined;
  if (arg.nodeType === 'resource') return kubernetesToolsPod(arg, defaultNamespace);
  if (arg.kind === 'pod') {
    const element = arg as Extract<TreeElement, { kind: 'pod' }>;
    return { namespace: element.namespace, name: element.name };
  }
  if (arg.kind !== undefined) return undefined;
  const lens = arg as Partial<EvictionTarget>;
  const name = text(lens.name);
  if (!name) return undefined;
  return { namespace: text(lens.namespace) ?? defaultNamespace, name, ...(typeof lens.gracePeriodSeconds === 'number' ? { gracePeriodSeconds: lens.gracePeriodSeconds } : {}) };
}

/**
 * The pods of a command invoked on a tree item: the item, or, when it is one
 * of several items selected together, every pod among them (each once, though
 * a pod shows under its node and its namespace).
 */
export function podTargetsOf(arg: unknown, selected: unknown, defaultNamespace: string): PodTarget[] {
  const clicked = podTargetOf(arg, defaultNamespace);
  if (!clicked) return [];
  const items = Array.isArray(selected) && selected.includes(arg) ? selected : [arg];
  const pods = new Map<string, PodTarget>();
  for (const item of items) {
    const pod = podTargetOf(item, defaultNamespace);
    if (pod) pods.set(`${pod.namespace}/${pod.name}`, pod);
  }
  return [...pods.values()];
}

/** The node of a node item. */
export function nodeTargetOf(arg: unknown): string | undefined {
  return isObject(arg) && arg.kind === 'node' ? text(arg.name) : undefined;
}

/**
 * The nodes of a command invoked on a node item: the item, or, when it is
 * one of several items selected together, every node among them, in the
 * order selected; or the nodes a plan's report names (`{ kind: 'plan', nodes }`).
 */
export function nodeTargetsOf(arg: unknown, selected: unknown): string[] {
  if (isObject(arg) && arg.kind === 'plan' && Array.isArray(arg.nodes)) return arg.nodes.filter((n): n is string => typeof n === 'string' && n !== '');
  const clicked = nodeTargetOf(arg);
  if (!clicked) return [];
  const items = Array.isArray(selected) && selected.includes(arg) ? selected : [arg];
  return [...new Set(items.map(nodeTargetOf).filter((n): n is string => n !== undefined))];
}

/** The budget of a PodDisruptionBudget item. */
export function budgetTargetOf(arg: unknown): PodRef | undefined {
  if (!isObject(arg) || arg.kind !== 'pdb') return undefined;
  const namespace = text(arg.namespace);
  const name = text(arg.name);
  return namespace && name ? { namespace, name } : undefined;
}
