// Real kubectl against the sandbox: the commands an operator types, and the
// classic drain walkthrough of issue 3 on the built-in scenario.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isPodReady } from '../../server/src/k8s/pods';
import { pdbSelectsPod } from '../../server/src/k8s/pdb';
import type { Pod, PodDisruptionBudget } from '../../server/src/k8s/types';
import { eventually, tempDir, testSandbox, type TestSandbox } from './helpers';

const willRetry = `(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`;
// kubectl before 1.21 (Debian's kubernetes-client is 1.20) ends a drain with "evicted" instead of "drained".
const drained = (node: string) => new RegExp(`^node/${node} (drained|evicted)$`, 'm');

function pdbs(sb: TestSandbox): PodDisruptionBudget[] {
  return sb.api.list('poddisruptionbudgets') as PodDisruptionBudget[];
}

function pods(sb: TestSandbox): Pod[] {
  return sb.api.list('pods') as Pod[];
}

/** Pods a PDB counts as healthy: Ready and not being deleted. */
function healthy(sb: TestSandbox, pdb: PodDisruptionBudget): Pod[] {
  return pods(sb).filter((p) => pdbSelectsPod(pdb, p) && isPodReady(p) && !p.metadata?.deletionTimestamp);
}

/** Waits until every pod is Ready and every PDB allows a disruption. */
async function settled(sb: TestSandbox): Promise<void> {
  await eventually(() => pods(sb).length > 0 && pods(sb).every(isPodReady) && pdbs(sb).every((p) => (p.status?.disruptionsAllowed ?? 0) > 0), 'the scenario to settle');
}

describe('kubectl get, cordon and create --raw', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await testSandbox();
    await settled(sb);
  });
  after(() => sb?.stop());

  test('get nodes -o wide: the three nodes, Ready, with kubelet version and wide columns', async () => {
    const r = await sb.kubectl(['get', 'nodes', '-o', 'wide']);
    assert.equal(r.code, 0, r.stderr);
    const [header, ...rows] = r.stdout.trim().split('\n');
    assert.match(header, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/);
    assert.deepEqual(rows.map((l) => l.split(/\s+/)[0]), ['node-1', 'node-2', 'node-3']);
    for (const row of rows) assert.match(row, /^node-\d\s+Ready\s+\S+\s+\S+\s+v1\.32/);
  });

  test('get pods -A: every pod with its namespace, READY 1/1 and Running', async () => {
    const r = await sb.kubectl(['get', 'pods', '-A']);
    assert.equal(r.code, 0, r.stderr);
    const [header, ...rows] = r.stdout.trim().split('\n');
    assert.match(header, /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    assert.equal(rows.length, pods(sb).length);
    for (const row of rows) assert.match(row, /^\S+\s+\S+\s+1\/1\s+Running\s+0\s+\S+$/);
  });

  test('get pdb and get po/no/deploy by short name', async () => {
    const r = await sb.kubectl(['get', 'pdb']);
    assert.equal(r.code, 0, r.stderr);
    const [header, row] = r.stdout.trim().split('\n');
    assert.match(header, /^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE$/);
    const pdb = pdbs(sb)[0];
    assert.match(row, new RegExp(`^${pdb.metadata!.name}\\s+2\\s+N/A\\s+1\\s+`));
    for (const kind of ['po', 'no', 'deploy', 'rs']) assert.equal((await sb.kubectl(['get', kind, '-A'])).code, 0, kind);
    const deploy = await sb.kubectl(['get', 'deploy']);
    assert.match(deploy.stdout, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
  });

  test('get -o json and a missing object', async () => {
    const r = await sb.kubectl(['get', 'node', 'node-1', '-o', 'json']);
    assert.equal(JSON.parse(r.stdout).metadata.name, 'node-1');
    const missing = await sb.kubectl(['get', 'pod', 'ghost']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Error from server \(NotFound\): pods "ghost" not found/);
    const kind = await sb.kubectl(['get', 'widgets']);
    assert.match(kind.stderr, /the server doesn't have a resource type "widgets"/);
  });

  test('cordon and uncordon', async () => {
    const c = await sb.kubectl(['cordon', 'node-3']);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(c.stdout.trim(), 'node/node-3 cordoned');
    assert.equal((sb.api.get('nodes', undefined, 'node-3') as any).value.spec.unschedulable, true);
    assert.match((await sb.kubectl(['get', 'node', 'node-3'])).stdout, /Ready,SchedulingDisabled/);
    assert.equal((await sb.kubectl(['cordon', 'node-3'])).stdout.trim(), 'node/node-3 already cordoned');
    const u = await sb.kubectl(['uncordon', 'node-3']);
    assert.equal(u.stdout.trim(), 'node/node-3 uncordoned');
    assert.equal((sb.api.get('nodes', undefined, 'node-3') as any).value.spec.unschedulable, undefined);
  });

  test('apply -f creates, a second apply changes nothing, patch --type merge edits a PDB (OpenAPI v3 lets kubectl validate on the server)', async () => {
    const file = join(sb.dir, 'api.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers: [{name: api, image: "api:1"}]',
        'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: api-pdb\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: api}',
      ].join('\n---\n'),
    );
    const created = await sb.kubectl(['apply', '-f', file]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^deployment\.apps\/api created$/m);
    assert.match(created.stdout, /^poddisruptionbudget\.policy\/api-pdb created$/m);
    const again = await sb.kubectl(['apply', '-f', file]);
    assert.match(again.stdout, /^deployment\.apps\/api unchanged$/m);
    await eventually(() => pods(sb).some((p) => p.metadata?.labels?.app === 'api' && isPodReady(p)), 'the applied deployment to run');
    const patched = await sb.kubectl(['patch', 'pdb', 'api-pdb', '--type', 'merge', '-p', '{"spec":{"maxUnavailable":null,"minAvailable":0}}']);
    assert.equal(patched.code, 0, patched.stderr);
    const spec = (sb.api.get('poddisruptionbudgets', 'default', 'api-pdb') as { ok: true; value: PodDisruptionBudget }).value.spec;
    assert.deepEqual([spec?.minAvailable, spec?.maxUnavailable], [0, undefined]);
    const invalid = await sb.kubectl(['patch', 'pdb', 'api-pdb', '--type', 'merge', '-p', '{"spec":{"maxUnavailable":1}}']);
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /minAvailable and maxUnavailable cannot be both set/);
    const deleted = await sb.kubectl(['delete', '-f', file, '--wait=false']);
    assert.equal(deleted.code, 0, deleted.stderr);
  });

  test('create -f of a policy/v1beta1 PodDisruptionBudget: no matches for kind, as on a 1.25+ cluster (client-side validation against OpenAPI v2 skips a kind it does not define)', async () => {
    const file = join(sb.dir, 'old-pdb.yaml');
    writeFileSync(file, 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: old\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n');
    const r = await sb.kubectl(['create', '-f', file]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `error: resource mapping not found for name: "old" namespace: "" from "${file}": no matches for kind "PodDisruptionBudget" in version "policy/v1beta1"\nensure CRDs are installed first\n`);
    // A List is validated on the client too (OpenAPI v2), and its valid items are created.
    const list = join(sb.dir, 'list.yaml');
    writeFileSync(list, 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: policy/v1\n  kind: PodDisruptionBudget\n  metadata: {name: in-list}\n  spec: {minAvailable: 1, selector: {matchLabels: {app: web}}}\n');
    const created = await sb.kubectl(['create', '-f', list]);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout, 'poddisruptionbudget.policy/in-list created\n');
    assert.equal((await sb.kubectl(['delete', 'pdb', 'in-list'])).code, 0);
  });

  test('the viewer context (a client certificate) reads, and its cordon and drain are refused with the API server\'s 403', async () => {
    const viewer = ['--context', 'kube-eviction-sandbox-viewer'];
    const whoami = await sb.kubectl([...viewer, 'get', 'nodes', '-o', 'name']);
    assert.equal(whoami.code, 0, whoami.stderr);
    assert.deepEqual(whoami.stdout.trim().split('\n'), ['node/node-1', 'node/node-2', 'node/node-3']);
    const cordon = await sb.kubectl([...viewer, 'cordon', 'node-3']);
    // kubectl cordon reports a node it could not patch and still exits 0 (RunCordonOrUncordon prints, then continues).
    assert.match(cordon.stderr, /^error: unable to cordon node "node-3": nodes "node-3" is forbidden: User "kube-eviction-sandbox-viewer" cannot patch resource "nodes" in API group "" at the cluster scope$/m);
    const pod = pods(sb).find((p) => p.spec?.nodeName === 'node-3')!;
    const body = join(sb.dir, 'viewer-eviction.json');
    writeFileSync(body, JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.metadata!.name } }));
    const evict = await sb.kubectl([...viewer, 'create', '--raw', `/api/v1/namespaces/default/pods/${pod.metadata!.name}/eviction`, '-f', body]);
    assert.equal(evict.code, 1);
    assert.match(evict.stderr, new RegExp(`Error from server \\(Forbidden\\): pods "${pod.metadata!.name}" is forbidden: User "kube-eviction-sandbox-viewer" cannot create resource "pods/eviction" in API group "" in the namespace "default"`));
    assert.equal((sb.api.get('nodes', undefined, 'node-3') as any).value.spec.unschedulable, undefined, 'nothing changed');
    assert.equal((sb.api.get('pods', 'default', pod.metadata!.name!) as any).value.metadata.deletionTimestamp, undefined);
  });

  test('create --raw …/eviction: 201 Success, then 429 once the budget is spent', async () => {
    const pdb = pdbs(sb)[0];
    const [first, second] = healthy(sb, pdb);
    const body = (name: string) => {
      const file = join(sb.dir, `eviction-${name}.json`);
      writeFileSync(file, JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } }));
      return file;
    };
    const ok = await sb.kubectl(['create', '--raw', `/api/v1/namespaces/default/pods/${first.metadata!.name}/eviction`, '-f', body(first.metadata!.name!)]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    const refused = await sb.kubectl(['create', '--raw', `/api/v1/namespaces/default/pods/${second.metadata!.name}/eviction`, '-f', body(second.metadata!.name!)]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Error from server \(TooManyRequests\): Cannot evict pod as it would violate the pod's disruption budget\./);
  });
});

describe('the classic drain walkthrough', () => {
  let sb: TestSandbox;
  let pdb: PodDisruptionBudget;
  let minAvailable: number;
  let fewestHealthy = Number.POSITIVE_INFINITY;

  before(async () => {
    sb = await testSandbox();
    await settled(sb);
    [pdb] = pdbs(sb);
    minAvailable = Number(pdb.spec?.minAvailable);
    assert.equal(minAvailable, 2);
    // Every committed change to a pod is checked: the budget must hold at each one.
    const sample = () => (fewestHealthy = Math.min(fewestHealthy, healthy(sb, pdb).length));
    sample();
    sb.api.watch('pods', undefined, undefined, sample);
  });
  after(() => sb?.stop());

  test('kubectl drain node-1 --ignore-daemonsets succeeds', async () => {
    const onNode1 = pods(sb).filter((p) => p.spec?.nodeName === 'node-1').map((p) => p.metadata!.name!);
    assert.ok(onNode1.length >= 2, 'node-1 holds a web replica and the unrelated pod');
    const r = await sb.kubectl(['drain', 'node-1', '--ignore-daemonsets', '--timeout=120s'], 150_000);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^node\/node-1 cordoned$/m);
    for (const name of onNode1) assert.match(r.stdout, new RegExp(`^pod/${name} evicted$`, 'm'));
    assert.match(r.stdout, drained('node-1'));
    assert.ok(fewestHealthy >= minAvailable, `healthy pods dropped to ${fewestHealthy}`);
  });

  test('kubectl drain node-2 meets the 429, stays blocked while the last replacement is Pending, completes after an uncordon', async () => {
    const drain = sb.startKubectl(['drain', 'node-2', '--ignore-daemonsets', '--timeout=300s']);
    await eventually(() => drain.stderr().includes(willRetry), 'kubectl to report the 429 and retry', 60_000);
    assert.match(drain.stderr(), new RegExp(`error when evicting pods/"[^"]+" -n "default" ${willRetry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

    // The budget allows what it can: one replica leaves node-2, its replacement cannot be placed.
    const pending = await eventually(
      () => pods(sb).find((p) => pdbSelectsPod(pdb, p) && p.status?.phase === 'Pending' && p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable')),
      'a replacement left Pending as unschedulable',
      60_000,
    );
    assert.ok(pending);
    await eventually(() => /^pod\/\S+ evicted$/m.test(drain.stdout()), 'the eviction the budget allows', 60_000);
    const retries = () => drain.stderr().split(willRetry).length - 1;
    const seen = retries();
    await eventually(() => retries() >= seen + 2, 'two more refused retries', 60_000);
    assert.equal(drain.exited(), false, 'the drain is still blocked');
    assert.ok(pods(sb).some((p) => pdbSelectsPod(pdb, p) && p.spec?.nodeName === 'node-2' && !p.metadata?.deletionTimestamp), 'a replica is still on node-2');
    assert.equal(healthy(sb, pdb).length, minAvailable);

    const uncordon = await sb.kubectl(['uncordon', 'node-1']);
    assert.equal(uncordon.code, 0, uncordon.stderr);
    const r = await drain.done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, drained('node-2'));
    await eventually(() => healthy(sb, pdb).length === 3, 'all replicas Ready again', 60_000);
    assert.ok(pods(sb).every((p) => p.spec?.nodeName !== 'node-2' || !pdbSelectsPod(pdb, p)), 'no replica left on node-2');
    assert.ok(fewestHealthy >= minAvailable, `healthy pods dropped to ${fewestHealthy}`);
  });
});

describe('two PDBs over one pod', () => {
  test('kubectl drain fails that pod with the 500 message and does not retry', async () => {
    const dir = tempDir('two-pdbs-');
    writeFileSync(
      join(dir, 'cluster.yaml'),
      [
        'apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\nstatus:\n  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}\n  capacity: {cpu: "4", memory: 8Gi, pods: "110"}',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: default\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers: [{name: api, image: "api:1"}]',
      ].join('\n---\n'),
    );
    writeFileSync(
      join(dir, 'pdbs.json'),
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: ['api-a', 'api-b'].map((name) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'api' } } } })),
      }),
    );
    const sb = await testSandbox({ scenario: dir });
    after(() => sb.stop());
    // The pod's changes reach only the first of its budgets (getPdbForPod): api-b keeps the status it had when created.
    await eventually(() => pods(sb).length > 0 && pods(sb).every(isPodReady) && pdbs(sb).some((p) => p.metadata?.name === 'api-a' && (p.status?.disruptionsAllowed ?? 0) > 0), 'the pod Ready and api-a recounted');
    const [pod] = pods(sb);
    const r = await sb.kubectl(['drain', 'n1', '--ignore-daemonsets', '--timeout=60s'], 90_000);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`error when evicting pods/"${pod.metadata!.name}" -n "default": This pod has more than one PodDisruptionBudget, which the eviction subresource does not support\\.`));
    assert.doesNotMatch(r.stderr, /will retry/);
    assert.ok(isPodReady(pods(sb)[0]) && !pods(sb)[0].metadata?.deletionTimestamp, 'the pod was left alone');
  });
});

describe('events after a NoExecute taint', () => {
  test('kubectl taint …:NoExecute: get events shows the taint manager marking each pod, and its kubelet stopping it', async () => {
    const sb = await testSandbox();
    after(() => sb.stop());
    await settled(sb);
    const victims = pods(sb).filter((p) => p.spec?.nodeName === 'node-3');
    assert.ok(victims.length > 0);
    const t = await sb.kubectl(['taint', 'node', 'node-3', 'maintenance=now:NoExecute']);
    assert.equal(t.stdout.trim(), 'node/node-3 tainted');
    const r = await sb.kubectl(['get', 'events', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const events = JSON.parse(r.stdout).items as { metadata: { name: string }; reason: string; message: string; involvedObject: { name: string } }[];
    for (const pod of victims) {
      const name = pod.metadata!.name!;
      const mine = events.filter((e) => e.involvedObject.name === name);
      assert.ok(mine.some((e) => e.reason === 'TaintManagerEviction' && e.message === `Marking for deletion Pod default/${name}`), `TaintManagerEviction for ${name}`);
      assert.ok(mine.some((e) => e.reason === 'Killing'), `Killing for ${name}`);
      for (const e of mine) assert.match(e.metadata.name, new RegExp(`^${name}\\.[0-9a-f]{16}$`));
    }
  });
});

describe('kubectl and unknown fields (fieldValidation)', () => {
  let sb: TestSandbox;
  before(async () => (sb = await testSandbox()));
  after(() => sb?.stop());
  const budget = (name: string, extra: string) =>
    `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${name}\nspec:\n  minAvailable: 1\n${extra}  selector:\n    matchLabels: {app: x}\n`;

  test('a budget with an unknown field nested 2,000 deep is stored without it, and kubectl still lists, reads and deletes budgets', async () => {
    const deep = `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`;
    const body = join(sb.dir, 'deep.json');
    for (const [name, query] of [['deep-dry', '?dryRun=All'], ['deep', '']] as const) {
      writeFileSync(body, `{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"${name}"},"spec":{"minAvailable":1},"x":${deep}}`);
      const created = await sb.kubectl(['create', '--raw', `/apis/policy/v1/namespaces/default/poddisruptionbudgets${query}`, '-f', body]);
      assert.equal(created.code, 0, created.stderr.slice(0, 500));
      assert.match(created.stderr, /^Warning: unknown field "x"$/m);
      const listed = await sb.kubectl(['get', 'pdb', '-o', 'name']);
      assert.equal(listed.code, 0, listed.stderr.slice(0, 500));
      assert.deepEqual(listed.stdout.trim().split('\n'), name === 'deep' ? ['poddisruptionbudget.policy/deep', 'poddisruptionbudget.policy/web-pdb'] : ['poddisruptionbudget.policy/web-pdb']);
    }
    const table = await sb.kubectl(['get', 'pdb']);
    assert.match(table.stdout, /^deep\s+1\s+N\/A\s+0\s+/m);
    const deleted = await sb.kubectl(['delete', 'pdb', 'deep']);
    assert.equal(deleted.code, 0, deleted.stderr);
  });

  test('create -f (kubectl sends fieldValidation=Strict) refuses unknown fields with the API server\'s message; --validate=warn creates with warnings; apply refuses a new one', async () => {
    const file = join(sb.dir, 'unknown.yaml');
    writeFileSync(file, budget('unk', '  foo: bar\n'));
    const strict = await sb.kubectl(['create', '-f', file]);
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /^Error from server \(BadRequest\): error when creating ".*unknown\.yaml": PodDisruptionBudget in version "v1" cannot be handled as a PodDisruptionBudget: strict decoding error: unknown field "spec\.foo"$/m);
    assert.equal(sb.api.get('poddisruptionbudgets', 'default', 'unk').ok, false);
    const warned = await sb.kubectl(['create', '-f', file, '--validate=warn']);
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(warned.stderr, /^Warning: unknown field "spec\.foo"$/m);
    assert.equal((sb.api.get('poddisruptionbudgets', 'default', 'unk') as { ok: true; value: PodDisruptionBudget }).value.spec?.minAvailable, 1);
    assert.ok(!('foo' in (sb.api.get('poddisruptionbudgets', 'default', 'unk') as { ok: true; value: PodDisruptionBudget }).value.spec!));
    writeFileSync(file, budget('unk', '  bar: baz\n'));
    const applied = await sb.kubectl(['apply', '-f', file]);
    assert.equal(applied.code, 1);
    assert.match(applied.stderr, /The request is invalid: patch: Invalid value: "map\[.*\]": strict decoding error: unknown field "spec\.bar"/);
  });
});
