// The Job controller: keeps min(parallelism, completions − succeeded) pods
// active until enough have succeeded (Complete) or too many have failed
// (Failed, BackoffLimitExceeded). A pod being deleted no longer counts as
// active (podReplacementPolicy TerminatingOrFailed), so an evicted Job pod is
// replaced at once. Job pods have no scale, which is why a PDB over them
// cannot compute expectedPods from their controller.
// Source: pkg/controller/job/job_controller.go (syncJob, manageJob).

import { getControllerOf, isPodReady } from '../../k8s/pods';
import { rfc3339 } from '../../k8s/time';
import type { Condition, Pod, Workload } from '../../k8s/types';
import type { SimContext } from '../context';
import { omitZeros, splitKey } from '../objects';
import { claimPods, isPodActive, podFromTemplate, workloadSelector } from './owned';
import { OwnerController } from './queue';

const component = 'job-controller';

function finished(job: Workload): boolean {
  return ((job.status?.conditions as Condition[] | undefined) ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export class JobController extends OwnerController {
  readonly name = 'job' as const;

  constructor(ctx: SimContext) {
    super(ctx, 'jobs', 'Job');
  }

  protected sync(key: string): void {
    const [ns, name] = splitKey(key);
    const job = this.ctx.get<Workload>('jobs', ns, name);
    if (!job || job.metadata?.deletionTimestamp) return;
    const selector = workloadSelector(job);
    if (!selector) return;
    const pods = claimPods(this.ctx, job, selector);
    const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').length;
    const failed = pods.filter((p) => p.status?.phase === 'Failed').length;
    let active = pods.filter(isPodActive);
    const completions = job.spec?.completions ?? null;
    const parallelism = job.spec?.parallelism ?? 1;
    const now = this.ctx.now();
    let condition: Condition | undefined;
    if (!finished(job)) {
      if (completions !== null && succeeded >= completions) {
        condition = { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };
      } else if (failed > Number(job.spec?.backoffLimit ?? 6)) {
        condition = { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
      }
      if (condition) {
        for (const pod of active) this.ctx.delete('pods', ns, pod.metadata?.name ?? '');
        active = [];
        this.ctx.event(job, condition.type === 'Complete' ? 'Normal' : 'Warning', condition.type === 'Complete' ? 'Completed' : 'BackoffLimitExceeded', condition.type === 'Complete' ? 'Job completed' : condition.message ?? '', component);
      } else if (!job.spec?.suspend) {
        const wanted = completions === null ? parallelism : Math.min(parallelism, completions - succeeded);
        for (let i = active.length; i < wanted; i++) {
          const created = this.ctx.create('pods', podFromTemplate(job, job.spec?.template, { generateName: `${name}-` }));
          if (created.ok) this.ctx.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.value.metadata?.name}`, component);
        }
        active = this.ctx.list<Pod>('pods', ns).filter((p) => getControllerOf(p)?.uid === job.metadata?.uid && isPodActive(p));
      }
    }
    const current = this.ctx.get<Workload>('jobs', ns, name);
    if (!current) return;
    this.ctx.modify('jobs', current, (d) => {
      const conditions = [...((d.status?.conditions as Condition[] | undefined) ?? [])];
      if (condition) conditions.push({ ...condition, lastProbeTime: rfc3339(now), lastTransitionTime: rfc3339(now) });
      d.status = {
        ...omitZeros({ active: active.length, succeeded, failed, ready: active.filter(isPodReady).length }, ['ready']),
        startTime: d.status?.startTime ?? rfc3339(now),
        ...(condition?.type === 'Complete' ? { completionTime: rfc3339(now) } : d.status?.completionTime ? { completionTime: d.status.completionTime } : {}),
        uncountedTerminatedPods: {},
        ...(conditions.length ? { conditions } : {}),
      };
    });
  }
}
