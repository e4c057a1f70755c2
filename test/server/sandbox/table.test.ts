import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { humanDuration, toTable } from '../../../server/src/sandbox/table';

const now = Date.parse('2026-01-01T12:00:00Z');
const created = (secondsAgo: number) => new Date(now - secondsAgo * 1000).toISOString();

describe('humanDuration (duration.HumanDuration)', () => {
  const cases: [number, string][] = [
    [-3, '<invalid>'],
    [-1, '0s'],
    [0, '0s'],
    [119, '119s'],
    [120, '2m'],
    [150, '2m30s'],
    [600, '10m'],
    [179 * 60, '179m'],
    [3 * 3600, '3h'],
    [3 * 3600 + 60 * 5, '3h5m'],
    [8 * 3600, '8h'],
    [47 * 3600, '47h'],
    [48 * 3600, '2d'],
    [50 * 3600, '2d2h'],
    [8 * 86400, '8d'],
    [2 * 365 * 86400, '2y'],
    [2 * 365 * 86400 + 86400 * 3, '2y3d'],
    [9 * 365 * 86400, '9y'],
  ];
  for (const [s, text] of cases) test(`${s}s -> ${text}`, () => assert.equal(humanDuration(s * 1000), text));
});

describe('toTable', () => {
  test('nodes: status with SchedulingDisabled, roles, wide columns', () => {
    const t = toTable(
      'nodes',
      [
        {
          metadata: { name: 'node-1', creationTimestamp: created(300), labels: { 'node-role.kubernetes.io/worker': '' } },
          spec: { unschedulable: true },
          status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: '10.0.0.1' }], nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Sim', kernelVersion: '6.1', containerRuntimeVersion: 'sim://1' } },
        } as never,
      ],
      '7',
      now,
      'Metadata',
    );
    assert.deepEqual(t.columnDefinitions.map((c) => c.name), ['Name', 'Status', 'Roles', 'Age', 'Version', 'Internal-IP', 'External-IP', 'OS-Image', 'Kernel-Version', 'Container-Runtime']);
    assert.deepEqual(t.rows[0].cells, ['node-1', 'Ready,SchedulingDisabled', 'worker', '5m', 'v1.32.0', '10.0.0.1', '<none>', 'Sim', '6.1', 'sim://1']);
    assert.deepEqual((t.rows[0] as { object?: unknown }).object, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'node-1', creationTimestamp: created(300), labels: { 'node-role.kubernetes.io/worker': '' } } });
    assert.equal(t.metadata.resourceVersion, '7');
  });

  test('pods: ready count, Terminating, node, priority-1 columns', () => {
    const pod = {
      metadata: { name: 'web-a', creationTimestamp: created(30), deletionTimestamp: created(-30) },
      spec: { nodeName: 'node-1', containers: [{ name: 'c' }] },
      status: { phase: 'Running', podIPs: [{ ip: '10.1.0.4' }], containerStatuses: [{ ready: true, restartCount: 2, state: { running: {} } }] },
    };
    const t = toTable('pods', [pod as never], '1', now, 'None');
    assert.deepEqual(t.rows[0].cells, ['web-a', '1/1', 'Terminating', '2', '30s', '10.1.0.4', 'node-1', '<none>', '<none>']);
    assert.equal('object' in t.rows[0], false, 'includeObject=None leaves the object out');
    assert.deepEqual(t.columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name), ['Name', 'Ready', 'Status', 'Restarts', 'Age']);
  });

  test('pending pod waiting for its container', () => {
    const pod = { metadata: { name: 'p' }, spec: { containers: [{}, {}] }, status: { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } } }] } };
    assert.deepEqual(toTable('pods', [pod as never], '1', now, 'None').rows[0].cells.slice(0, 5), ['p', '0/2', 'ContainerCreating', '0', '<unknown>']);
  });

  test('pdb: N/A for the unset field, allowed disruptions as an integer', () => {
    const t = toTable('poddisruptionbudgets', [{ metadata: { name: 'web-pdb', creationTimestamp: created(3600) }, spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } } as never], '1', now, 'None');
    assert.deepEqual(t.columnDefinitions.map((c) => c.name), ['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age']);
    assert.deepEqual(t.rows[0].cells, ['web-pdb', '2', 'N/A', 1, '60m']);
  });

  test('deployments: READY x/y, selector string', () => {
    const d = {
      metadata: { name: 'web', creationTimestamp: created(10) },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }] } } },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    assert.deepEqual(toTable('deployments', [d as never], '1', now, 'None').rows[0].cells, ['web', '2/3', 3, 2, '10s', 'web,log', 'nginx:1.27,busybox', 'app=web']);
  });

  test('replicasets, statefulsets, daemonsets, jobs, namespaces and events', () => {
    const template = { spec: { containers: [{ name: 'c', image: 'i:1' }] } };
    const cells = (resource: Parameters<typeof toTable>[0], obj: object) => toTable(resource, [obj as never], '1', now, 'None').rows[0].cells;
    assert.deepEqual(cells('replicasets', { metadata: { name: 'rs', creationTimestamp: created(5) }, spec: { replicas: 3, selector: { matchLabels: { a: 'b' } }, template }, status: { replicas: 3, readyReplicas: 2 } }), ['rs', 3, 3, 2, '5s', 'c', 'i:1', 'a=b']);
    assert.deepEqual(cells('statefulsets', { metadata: { name: 'db', creationTimestamp: created(5) }, spec: { replicas: 2, template }, status: { readyReplicas: 1 } }), ['db', '1/2', '5s', 'c', 'i:1']);
    assert.deepEqual(
      cells('daemonsets', { metadata: { name: 'ds', creationTimestamp: created(5) }, spec: { selector: { matchLabels: { a: 'b' } }, template: { spec: { ...template.spec, nodeSelector: { os: 'linux' } } } }, status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 } }),
      ['ds', 3, 3, 2, 3, 2, 'os=linux', '5s', 'c', 'i:1', 'a=b'],
    );
    const job = { metadata: { name: 'j', creationTimestamp: created(60) }, spec: { completions: 2, template }, status: { succeeded: 2, startTime: created(50), completionTime: created(20), conditions: [{ type: 'Complete', status: 'True' }] } };
    assert.deepEqual(cells('jobs', job), ['j', 'Complete', '2/2', '30s', '60s', 'c', 'i:1', '<none>']);
    assert.deepEqual(cells('jobs', { metadata: { name: 'p' }, spec: { parallelism: 3, template }, status: {} }).slice(1, 4), ['Running', '0/1 of 3', '']);
    assert.deepEqual(cells('namespaces', { metadata: { name: 'default', creationTimestamp: created(90000) }, status: { phase: 'Active' } }), ['default', 'Active', '25h']);
    const event = { metadata: { name: 'e1' }, type: 'Warning', reason: 'FailedScheduling', involvedObject: { kind: 'Pod', name: 'web-d' }, message: ' 0/3 nodes are available ', source: { component: 'default-scheduler' }, firstTimestamp: created(120), lastTimestamp: created(30), count: 4 };
    assert.deepEqual(cells('events', event), ['30s', 'Warning', 'FailedScheduling', 'pod/web-d', '', 'default-scheduler', '0/3 nodes are available', '2m', 4, 'e1']);
  });
});
