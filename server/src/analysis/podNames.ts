// Which manifest an Eviction's pod name refers to. Controllers name their
// pods predictably: a StatefulSet `<name>-<ordinal>`; others `<name>-` plus
// five random characters of the alphabet below (generateName), a Deployment's
// through its ReplicaSet `<name>-<pod-template-hash>`.
// Sources: apimachinery/pkg/util/rand/rand.go (alphanums, SafeEncodeString),
// pkg/controller/deployment/sync.go, pkg/controller/statefulset/stateful_set_utils.go.
import type { ManifestObject } from './manifestFile';
import type { WorkspaceIndex } from './workspaceIndex';

const alphabet = '[bcdfghjklmnpqrstvwxz2456789]';
const generated = new RegExp(`^(.+)-${alphabet}{5}$`);
const viaReplicaSet = new RegExp(`^(.+)-${alphabet}{1,10}-${alphabet}{5}$`);
const fromCronJob = new RegExp(`^(.+)-\\d+-${alphabet}{5}$`);

export interface EvictionTarget {
  object: ManifestObject;
  /** How the name was recognised. */
  how: 'pod' | 'ordinal' | 'generated';
}

export function findEvictionTarget(index: WorkspaceIndex, namespace: string, podName: string): EvictionTarget | undefined {
  const candidates = [...index.podLikes(namespace)];
  const bare = candidates.find((o) => o.kind === 'Pod' && o.name === podName);
  if (bare) return { object: bare, how: 'pod' };
  for (const object of candidates) {
    if (object.kind !== 'StatefulSet' || !podName.startsWith(`${object.name}-`)) continue;
    const ordinal = podName.slice(object.name.length + 1);
    const replicas = (object.data['spec'] as { replicas?: number | null } | undefined)?.replicas ?? 1;
    if (/^(0|[1-9]\d*)$/.test(ordinal) && Number(ordinal) < replicas) return { object, how: 'ordinal' };
  }
  const owner = (pattern: RegExp, kinds: readonly string[]) => {
    const name = pattern.exec(podName)?.[1];
    return name === undefined ? undefined : candidates.find((o) => kinds.includes(o.kind) && o.name === name);
  };
  const object =
    owner(viaReplicaSet, ['Deployment']) ?? owner(generated, ['ReplicaSet', 'ReplicationController', 'DaemonSet', 'Job']) ?? owner(fromCronJob, ['CronJob']);
  return object ? { object, how: 'generated' } : undefined;
}
