// The actions a drain plan's report offers on its lines (code lenses): on
// the title, the Markdown preview and a new simulation; on each node, the
// real drain with the same options; on a hold, the budget's details and the
// held pod (and the Pending pod it waits for) in the Cluster view, when the
// live cluster has them; on the verdict, the uncordon it names when that
// node is cordoned now. Pods a plan made up (the simulated replacements)
// are not in the live cluster and get no lens. The actions act on the
// context in use: a report of another context offers only its preview.
// No VS Code here.

import type { PlanFinding, PlanReport } from '../cluster/plan/report';
import type { DrainPlan } from '../cluster/plan/types';
import type { Node, Pod } from '../../../server/src/k8s/types';
import type { DrainChoices } from '../actions/drainChoices';
import { commandIds } from '../commandIds';

/** What the report's actions look up in the live cluster (the view's objects). */
export interface LiveObjects {
  pod(namespace: string, name: string): Pod | undefined;
  node(name: string): Node | undefined;
}

export interface PlanLens {
  /** 0-based line of the report. */
  line: number;
  title: string;
  command: string;
  argument: unknown;
}

/** `default/web-a` as a reference. */
function podRef(pod: string): { namespace: string; name: string } {
  const slash = pod.indexOf('/');
  return { namespace: pod.slice(0, slash), name: pod.slice(slash + 1) };
}

/** The Pending pod a hold waits for, when the plan's cause names one. */
function waitedFor(plan: DrainPlan, pod: string): string | undefined {
  for (const node of plan.nodes) {
    for (const held of node.held) {
      if (held.pod !== pod) continue;
      const cause = held.hold.causes.find((c) => c.kind === 'unschedulable');
      if (cause?.kind === 'unschedulable') return `${cause.pod.namespace}/${cause.pod.name}`;
    }
  }
  return undefined;
}

function lensesOf(finding: PlanFinding, plan: DrainPlan, live: LiveObjects | undefined, choices: DrainChoices, reportUri: unknown): Omit<PlanLens, 'line'>[] {
  const preview = { title: 'Open Preview', command: 'markdown.showPreviewToSide', argument: reportUri };
  // The actions act on the context in use: on a report of another context, only its preview.
  if (!live) return finding.kind === 'plan' ? [preview] : [];
  const reveal = (pod: string) => {
    const ref = podRef(pod);
    return live.pod(ref.namespace, ref.name) ? [{ title: `Reveal ${pod}`, command: commandIds.revealPod, argument: ref }] : [];
  };
  switch (finding.kind) {
    case 'plan':
      return [preview, { title: 'Simulate Again', command: commandIds.simulateDrain, argument: { kind: 'plan', nodes: finding.nodes, choices } }];
    case 'verdict':
      return finding.uncordon && live.node(finding.uncordon)?.spec?.unschedulable
        ? [{ title: `Uncordon ${finding.uncordon}`, command: commandIds.uncordonNode, argument: { kind: 'node', id: '', name: finding.uncordon } }]
        : [];
    case 'node':
      return live.node(finding.node)
        ? [
            { title: `Drain ${finding.node}…`, command: commandIds.drainNode, argument: { kind: 'node', id: '', name: finding.node, choices } },
            { title: `Show ${finding.node}`, command: commandIds.showDetails, argument: { kind: 'node', id: '', name: finding.node } },
          ]
        : [];
    case 'held': {
      const { namespace } = podRef(finding.pod);
      const pending = waitedFor(plan, finding.pod);
      return [{ title: `Open ${finding.budget}`, command: commandIds.showDetails, argument: { kind: 'pdb', id: '', namespace, name: finding.budget } }, ...reveal(finding.pod), ...(pending ? reveal(pending) : [])];
    }
    case 'pending':
      return reveal(finding.pod);
    case 'pod':
      return [];
  }
}

/** The lenses of a report: what each line's finding offers, given the live cluster now. */
export function planLenses(report: PlanReport, plan: DrainPlan, live: LiveObjects | undefined, choices: DrainChoices, reportUri?: unknown): PlanLens[] {
  return report.findings.flatMap(({ line, finding }) => lensesOf(finding, plan, live, choices, reportUri).map((lens) => ({ line, ...lens })));
}
