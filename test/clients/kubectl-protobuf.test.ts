// kubectl's typed commands send protobuf bodies (`kubectl create pdb|deployment|job`):
// the sandbox takes them, and reads from them the object kubectl's own JSON
// encoding of the same command gives (`--dry-run=client -o json`).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeProtobuf } from '../../server/src/sandbox/protobuf';
import { testSandbox, type TestSandbox } from './helpers';

/** The first protobuf request body kubectl -v=9 logs (a hex dump between `"Request Body" body=<` and ` >`). */
function protobufBody(log: string): Buffer {
  const dump = /"Request Body" body=<\n((?:\s+[0-9a-f]{8} {2}.*\n)+) >/.exec(log);
  assert.ok(dump, 'kubectl logged no binary request body');
  return Buffer.from(dump[1].split('\n').map((line) => line.trim().slice(10).split('|')[0].replace(/ /g, '')).join(''), 'hex');
}

const cases: { command: string[]; kind: string; groupVersion: string; created: string; check: (o: Record<string, any>) => void }[] = [
  {
    command: ['create', 'pdb', 'm1', '--selector=app=bare', '--min-available=0'],
    kind: 'PodDisruptionBudget',
    groupVersion: 'policy/v1',
    created: 'poddisruptionbudget.policy/m1 created',
    check: (o) => assert.deepEqual(o.spec, { minAvailable: 0, selector: { matchLabels: { app: 'bare' } } }),
  },
  {
    command: ['create', 'pdb', 'm2', '--selector=app=web', '--max-unavailable=50%'],
    kind: 'PodDisruptionBudget',
    groupVersion: 'policy/v1',
    created: 'poddisruptionbudget.policy/m2 created',
    check: (o) => assert.equal(o.spec.maxUnavailable, '50%'),
  },
  {
    command: ['create', 'deployment', 'd1', '--image=nginx', '--replicas=0', '--port=80', '--', 'sleep', '1000'],
    kind: 'Deployment',
    groupVersion: 'apps/v1',
    created: 'deployment.apps/d1 created',
    check: (o) => {
      assert.equal(o.spec.replicas, 0);
      assert.deepEqual(o.spec.template.spec.containers[0].command, ['sleep', '1000']);
      assert.equal(o.spec.template.spec.containers[0].ports[0].containerPort, 80);
    },
  },
  {
    command: ['create', 'job', 'j1', '--image=busybox', '--', 'echo', 'hi'],
    kind: 'Job',
    groupVersion: 'batch/v1',
    created: 'job.batch/j1 created',
    check: (o) => {
      assert.equal(o.spec.template.spec.restartPolicy, 'Never');
      assert.deepEqual(o.spec.template.spec.containers[0].command, ['echo', 'hi']);
    },
  },
];

describe('kubectl create with protobuf bodies', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await testSandbox();
  });
  after(() => sb?.stop());

  for (const { command, kind, groupVersion, created, check } of cases) {
    test(`kubectl ${command.join(' ')}`, async () => {
      // Flags go before `--`, which starts the container's command.
      const withFlags = (...flags: string[]) => (command.includes('--') ? [...command.slice(0, command.indexOf('--')), ...flags, ...command.slice(command.indexOf('--'))] : [...command, ...flags]);
      const json = await sb.kubectl(withFlags('--dry-run=client', '-o', 'json'));
      assert.equal(json.code, 0, json.stderr);
      const r = await sb.kubectl(withFlags('-v=9'));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), created);
      assert.match(r.stderr, /Content-Type: application\/vnd\.kubernetes\.protobuf/);
      const decoded = decodeProtobuf(protobufBody(r.stderr), { groupVersion, kind });
      assert.ok(decoded.ok);
      // Key order aside, the very object kubectl's JSON encoding gives.
      assert.deepEqual(decoded.object, JSON.parse(json.stdout));
      const resource = { PodDisruptionBudget: 'poddisruptionbudgets', Deployment: 'deployments', Job: 'jobs' }[kind] as 'jobs';
      const stored = sb.api.get(resource, 'default', command[2]);
      assert.ok(stored.ok);
      check(stored.value as Record<string, any>);
    });
  }
});
