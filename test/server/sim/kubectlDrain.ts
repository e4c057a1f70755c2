// `kubectl drain` as spec §4 describes it, played against the simulator on
// its virtual clock: cordon, the filters, one eviction loop per pod (all at
// once), 429s retried every 5 s, deletion polled every second, the global
// timeout. Its output lines are kubectl's, from the core's drain texts.
import { aggregateErrors, defaultDrainFilterOptions, drainMessages, filterPodsForDeletion, podDeleteErrors, podDeleteWarnings, type DaemonSetCheck } from '../../../server/src/k8s/drain';
import { getControllerOf } from '../../../server/src/k8s/pods';
import type { Node, Pod } from '../../../server/src/k8s/types';
import type { SimCluster } from '../../../server/src/sim/cluster';

export interface DrainOptions {
  ignoreDaemonSets?: boolean;
  force?: boolean;
  deleteEmptyDirData?: boolean;
  /** `--timeout`, in ms (0: none). */
  timeoutMs?: number;
  gracePeriodSeconds?: number;
}

export interface DrainRun {
  stdout: string[];
  stderr: string[];
  done: boolean;
  exitCode?: number;
  /** Every eviction answer, in order, with its virtual time. */
  answers: { at: number; pod: string; code: number; message?: string }[];
}

export function drain(c: SimCluster, nodeName: string, o: DrainOptions = {}): DrainRun {
  const run: DrainRun = { stdout: [], stderr: [], done: false, answers: [] };
  const start = c.clock.now();
  const deadline = o.timeoutMs ? start + o.timeoutMs : Number.POSITIVE_INFINITY;
  const finish = (code: number) => {
    run.done = true;
    run.exitCode = code;
  };
  const got = c.get('nodes', undefined, nodeName);
  if (!got.ok) {
    run.stderr.push(`Error from server (NotFound): ${got.status.message}`);
    finish(1);
    return run;
  }
  const node = got.value as Node;
  if (node.spec?.unschedulable) {
    run.stdout.push(drainMessages.alreadyCordoned(nodeName));
  } else {
    c.update('nodes', undefined, nodeName, { ...node, spec: { ...node.spec, unschedulable: true } } as Node);
    run.stdout.push(drainMessages.cordoned(nodeName));
  }
  const onNode = (c.list('pods') as Pod[]).filter((p) => p.spec?.nodeName === nodeName);
  const daemonSet = (pod: Pod): DaemonSetCheck => {
    const ref = getControllerOf(pod);
    const ds = c.get('daemonsets', pod.metadata?.namespace, ref?.name ?? '');
    return ds.ok ? { exists: true } : { exists: false, notFound: ds.status.code === 404, message: ds.status.message ?? '' };
  };
  const list = filterPodsForDeletion(onNode, { ...defaultDrainFilterOptions, force: !!o.force, ignoreAllDaemonSets: !!o.ignoreDaemonSets, deleteEmptyDirData: !!o.deleteEmptyDirData }, daemonSet, start);
  const errors = podDeleteErrors(list);
  const failNode = (err: string, pending: string[]) => {
    if (pending.length) run.stderr.push(drainMessages.pendingPods(nodeName, err), ...pending.map((p) => `pod/${p}`));
    run.stderr.push(drainMessages.unableToDrain(nodeName, err), 'There are pending nodes to be drained:', ` ${nodeName}`, `error: ${err}`);
    finish(1);
  };
  if (errors.length) {
    failNode(aggregateErrors(errors), []);
    return run;
  }
  const warnings = podDeleteWarnings(list);
  if (warnings) run.stderr.push(`Warning: ${warnings}`);
  const toEvict = list.filter((d) => d.status.delete).map((d) => d.pod);
  let remaining = toEvict.length;
  const failures: string[] = [];
  const settleOne = (err?: string) => {
    if (err) failures.push(err);
    if (--remaining > 0) return;
    if (failures.length) failNode(aggregateErrors(failures), toEvict.map((p) => p.metadata?.name ?? ''));
    else {
      run.stdout.push(drainMessages.drained(nodeName));
      finish(0);
    }
  };
  if (toEvict.length === 0) {
    run.stdout.push(drainMessages.drained(nodeName));
    finish(0);
    return run;
  }
  for (const pod of toEvict) {
    const name = pod.metadata?.name ?? '';
    const ns = pod.metadata?.namespace ?? 'default';
    const uid = pod.metadata?.uid;
    const waitGone = () => {
      if (c.clock.now() >= deadline) return settleOne(drainMessages.waitTimeout(name, ns));
      const p = c.get('pods', ns, name);
      if (!p.ok || p.value.metadata?.uid !== uid) {
        run.stdout.push(drainMessages.evicted(name));
        return settleOne();
      }
      c.clock.schedule(c.clock.now() + 1000, waitGone);
    };
    const attempt = () => {
      if (c.clock.now() >= deadline) return settleOne(drainMessages.globalTimeout(name, ns, o.timeoutMs ?? 0));
      run.stdout.push(drainMessages.evicting(pod));
      const body = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: ns }, ...(o.gracePeriodSeconds !== undefined ? { deleteOptions: { gracePeriodSeconds: o.gracePeriodSeconds } } : {}) };
      const { status } = c.evict(ns, name, body, []);
      run.answers.push({ at: c.clock.now(), pod: name, code: status.code, message: status.details?.causes?.[0]?.message ?? status.message });
      if (status.status === 'Success') return waitGone();
      if (status.code === 404) return settleOne();
      if (status.code === 429) {
        run.stderr.push(drainMessages.willRetry(name, ns, '5s', status.message ?? ''));
        c.clock.schedule(c.clock.now() + 5000, attempt);
        return;
      }
      settleOne(drainMessages.evictionError(name, ns, status.message ?? ''));
    };
    attempt();
  }
  return run;
}
