// Which manifest an Eviction's pod name refers to. Controllers name their
// pods predictably: a StatefulSet `<name>-<ordinal>`; others `<name>-` plus
// five random characters of the alphabet below (generateName), a Deployment's
// through its ReplicaSet `<name>-<pod-template-hash>`.
// Sources: apimachinery/pkg/util/rand/rand.go (alphanums, SafeEncodeString),
// pkg/controller/deployment/sync.go, pkg/controller/statefulset/stateful_set_utils.go.
import type { ManifestObject } from './manifestFile';

const alphabet = '[bcdfghjklmnpqrstvwxz2456789]';
const generated = new RegExp(`^(.+)-${alphabet}{5}$`);
const viaReplicaSet = new RegExp(`^(.+)-${alphabet}{1,10}-${alphabet}{5}$`);
const fromCronJob = new RegExp(`^(.+)-\\d+-${alphabet}{5}$`);

export interface EvictionTarget {
  object: ManifestObject;
  /** How the name was recognised. */
  how: 'pod' | 'ordinal' | 'generated';
}

/** The manifest whose pods include `podName`, looking objects up by name (`named`: the pods and workloads of that name). */
export function findEvictionTarget(podName: string, named: (name: string) => readonly ManifestObject[]): EvictionTarget | undefined {
  const bare = named(podName).find((o) => o.kind === 'Pod');
  if (bare) return { object: bare, how: 'pod' };
  const ordinal = /^(.+)-(0|[1-9]\d*)$/.exec(podName);
  for (const object of ordinal ? named(ordinal[1]!) : []) {
    const replicas = (object.data['spec'] as { replicas?: number | null } | undefined)?.replicas ?? 1;
    if (object.kind === 'StatefulSet' && Number(ordinal![2]) < replicas) return { object, how: 'ordinal' };
  }
  const owner = (pattern: RegExp, kinds: readonly string[]) => {
    const name = pattern.exec(podName)?.[1];
    return name === undefined ? undefined : named(name).find((o) => kinds.includes(o.kind));
  };
  const object =
    owner(viaReplicaSet, ['Deployment']) ?? owner(generated, ['ReplicaSet', 'ReplicationController', 'DaemonSet', 'Job']) ?? owner(fromCronJob, ['CronJob']);
  return object ? { object, how: 'generated' } : undefined;
}
