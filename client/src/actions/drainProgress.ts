// What a running drain (or evictions chosen together) shows while it runs:
// a line per event in the log, the latest step in the progress
// notification and the History entry, and, while budgets hold pods back,
// why: each budget's live cause, computed with the core's whyNoDisruption
// from the objects the view's informers hold, and kept current as they
// change (the Pending replacement gets its scheduler's message, a pod turns
// Ready). A cause that will not pass by itself (a pod the scheduler places
// nowhere, one that is not Ready, a budget that never allows a disruption)
// is offered its remedies: uncordoning a node where the Pending pod would
// fit, opening the budget.
import * as vscode from 'vscode';
import { heldOffer, heldProgress, uncordonRemedy } from '../../../server/src/explain/plan';
import { plainText, plural } from '../../../server/src/explain/text';
import type { DrainEvent, LiveHold } from '../cluster';
import { clusterLayer } from '../clusterLayer';
import { commandIds } from '../commandIds';
import type { ContextTarget } from '../contextInUse';
import type { Ctx } from '../ctx';
import type { HistoryEntry, Remedy } from '../history';
import { notify } from './common';
import type { ProgressStep } from './progress';

const podName = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;

/** One line of the progress notification and the log for each drain event: kubectl's, and what kubectl does not print. */
function describeEvent(event: DrainEvent): string | undefined {
  if (event.type === 'evicted') return `pod ${podName(event.pod)}: eviction accepted; waiting for it to terminate`;
  if (event.type === 'gone' && event.alreadyGone) return `pod ${podName(event.pod)}: not found (404), already gone`;
  if (event.type === 'failed') return event.message;
  return clusterLayer().kubectlDrainLine(event)?.line;
}

/** Causes that do not pass by themselves: worth offering what releases them. */
const stubborn = new Set(['unschedulable', 'notReady', 'neverAllows', 'syncFailed']);

/** Changes to the objects are gathered this long before the holds are worked out again. */
const recomputeMs = 300;

/** What unblocks a hold: the nodes whose uncordon gives its Pending pod room, and the budget. */
export function remediesOf(hold: LiveHold): Remedy[] {
  return [
    ...hold.uncordon.map((node) => ({ title: `Uncordon ${node}`, command: commandIds.uncordonNode, argument: { kind: 'node', id: '', name: node } })),
    { title: `Open ${hold.budget}`, command: commandIds.showDetails, argument: { kind: 'pdb', id: '', namespace: hold.namespace, name: hold.budget } },
  ];
}

export interface DrainProgressOptions {
  target: ContextTarget;
  /** `drain node-2`, `evict`: the log lines' prefix. */
  logPrefix: string;
  /** What the offer of remedies names: `the drain of node-2`. */
  what: string;
  /** The nodes being drained: never proposed for an uncordon. */
  draining: readonly string[];
  entry: HistoryEntry;
}

export class DrainProgress implements vscode.Disposable {
  private readonly pods = new Set<string>();
  private gone = 0;
  private latest = '';
  private readonly holds;
  private live: LiveHold[] = [];
  /** The remedies already offered (one notification per distinct cause). */
  private readonly offered = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly watching: vscode.Disposable;

  constructor(
    private readonly ctx: Ctx,
    private readonly options: DrainProgressOptions,
    private readonly report: (step: ProgressStep) => void,
  ) {
    this.holds = new (clusterLayer().DrainHolds)(options.draining);
    this.watching = ctx.onDidChangeObject(() => {
      if (this.holds.holding) this.timer ??= setTimeout(() => this.recompute(), recomputeMs);
    });
  }

  /** Follows one event of the drain. */
  on(event: DrainEvent): void {
    let increment: number | undefined;
    if (event.type === 'evicting') this.pods.add(podName(event.pod));
    if (event.type === 'gone' || event.type === 'skipped' || event.type === 'failed') {
      this.gone += 1;
      increment = 100 / Math.max(this.pods.size, 1);
    }
    const heldChanged = this.holds.on(event);
    const line = describeEvent(event);
    if (line) {
      this.latest = line;
      this.ctx.log[event.type === 'failed' || event.type === 'cordonFailed' ? 'warn' : 'info'](`${this.options.logPrefix}: ${line}`);
    }
    if (heldChanged) this.live = this.computeHolds();
    if (line || heldChanged) this.show(increment);
  }

  /** The holds as the view's objects have them now (no cause known while the context's cluster is not listed). */
  private computeHolds(): LiveHold[] {
    if (!this.holds.holding) return [];
    const state = this.ctx.contextInUse.state;
    return this.holds.holds(state.kind === 'ready' && state.target.context === this.options.target.context ? state.snapshot : undefined);
  }

  private recompute(): void {
    this.timer = undefined;
    const before = JSON.stringify(this.live);
    this.live = this.computeHolds();
    if (JSON.stringify(this.live) !== before) this.show();
  }

  private message(): string {
    const counts = `${this.gone} of ${plural(this.pods.size, 'pod')} gone`;
    if (!this.holds.holding) return `${this.latest}${this.pods.size ? ` (${counts})` : ''}`;
    return plainText(`${counts}; ${this.live.map((h) => heldProgress(h.budget, h.pods, h.hold)).join('; ')}`);
  }

  private show(increment?: number): void {
    const message = this.message();
    this.report({ message, ...(increment ? { increment } : {}) });
    const first = this.live.find((h) => h.hold);
    const held = first?.explanation && {
      summary: plainText(first.explanation.summary),
      details: [first.explanation.details, first.pending && first.uncordon.length ? uncordonRemedy(first.uncordon, first.pending) : ''].filter(Boolean).join('\n\n'),
      remedies: remediesOf(first),
    };
    this.ctx.history.update(this.options.entry, message, held);
    for (const hold of this.live) this.offer(hold);
  }

  /** A notification with what releases a hold that will not pass by itself, once per cause. */
  private offer(hold: LiveHold): void {
    const cause = hold.hold?.causes[0];
    if (!cause || !stubborn.has(cause.kind) || !hold.explanation) return;
    // A replacement the scheduler has not tried yet may still find a node.
    if (cause.kind === 'unschedulable' && !cause.message) return;
    const key = `${hold.namespace}/${hold.budget}|${hold.pending ?? cause.kind}|${hold.uncordon.join(',')}`;
    if (this.offered.has(key)) return;
    this.offered.add(key);
    const { what, target } = this.options;
    const remedy = hold.pending && hold.uncordon.length ? ` ${uncordonRemedy(hold.uncordon, hold.pending)}` : '';
    this.ctx.log.warn(plainText(`${what} on "${target.context}" is held: ${hold.explanation.summary}.${remedy}`));
    const offer = heldOffer(what, target.context, { budget: hold.budget, summary: hold.explanation.summary, uncordon: hold.uncordon, ...(hold.pending ? { pending: hold.pending } : {}) });
    notify('warning', plainText(`Kube Eviction: ${offer}`), remediesOf(hold).map((r) => ({ title: r.title, run: () => vscode.commands.executeCommand(r.command, r.argument) })));
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watching.dispose();
  }
}
