// Before a real eviction or drain asks for confirmation: the action played
// first by the planner on a copy of the cluster (listed on the action's
// connection, read only), under a cancellable progress.
import type { ClusterFailure, PlanOptions } from '../cluster';
import type { Ctx } from '../ctx';
import type { Outlook } from './confirmation';
import { withActionProgress } from './progress';

/**
 * What `plan` finds, or why it could not simulate (the confirmation says so);
 * undefined: cancelled while simulating, so the action is not taken.
 */
export async function simulatedOutlook<Plan>(
  ctx: Ctx,
  what: string,
  context: string,
  plan: (options: PlanOptions) => Promise<{ ok: true; plan: Plan } | { ok: false; failure: ClusterFailure }>,
): Promise<Outlook<Plan> | undefined> {
  const planned = await withActionProgress(`Simulating the ${what} on "${context}" before asking`, (report, signal) =>
    plan({ signal, onProgress: (p) => p.type === 'time' && report({ message: `virtual time ${Math.round(p.seconds)} s` }) }),
  );
  if (planned.ok) return { kind: 'plan', plan: planned.plan };
  if (planned.failure.kind === 'cancelled') {
    ctx.log.info(`${what}: cancelled while simulating it; nothing was changed`);
    return undefined;
  }
  ctx.log.warn(`${what}: could not simulate it (${planned.failure.message}); the API server decides`);
  return { kind: 'notSimulated', why: planned.failure.message };
}
