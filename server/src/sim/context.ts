// What a controller sees of the simulated cluster: the store to read, the
// clock to wait on, and the writes the real controllers make through the API
// (create with admission, update, graceful delete), plus events.

import type { DeleteOptions, KubeObject, Status } from '../k8s/types';
import type { ResourceName, Result } from './api';
import type { SeededRandom } from './random';
import type { Change } from './store';

export type EventType = 'Normal' | 'Warning';

export interface SimContext {
  now(): number;
  /** Runs `run` when the clock reaches `atMs`, then lets the controllers settle. */
  schedule(atMs: number, run: () => void): number;
  cancel(timer: number | undefined): void;
  readonly random: SeededRandom;

  get<T extends KubeObject = KubeObject>(resource: ResourceName, namespace: string | undefined, name: string): T | undefined;
  list<T extends KubeObject = KubeObject>(resource: ResourceName, namespace?: string): T[];

  /** POST as a controller makes it: defaults, admission and validation run. */
  create(resource: ResourceName, obj: KubeObject): Result<KubeObject>;
  /**
   * Writes a new state of an existing object, built by `mutate` on a copy of
   * the latest one. Writes nothing (and answers the stored object) when the
   * result is unchanged; undefined when the object is gone.
   */
  modify<T extends KubeObject>(resource: ResourceName, current: T, mutate: (draft: T) => void): T | undefined;
  /** DELETE as a controller sends it (graceful for pods). */
  delete(resource: ResourceName, namespace: string | undefined, name: string, options?: DeleteOptions): Result<KubeObject | Status>;

  event(involved: KubeObject, type: EventType, reason: string, message: string, component: string): void;
}

/** A controller of the simulated control plane: sees every change, works when asked. */
export interface Controller {
  readonly name: ControllerName;
  observe(change: Change): void;
  /** Whether it has queued work. */
  pending(): boolean;
  /** Works through the queue as it stands. */
  work(): void;
}

export const controllerNames = [
  'namespace',
  'garbagecollector',
  'podgc',
  'nodelifecycle',
  'deployment',
  'replicaset',
  'statefulset',
  'daemonset',
  'job',
  'ephemeral-volume',
  'persistentvolume-binder',
  'scheduler',
  'kubelet',
  'taint-eviction',
  'disruption',
] as const;

export type ControllerName = (typeof controllerNames)[number];
