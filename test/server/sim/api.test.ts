// The API's write semantics: validation with the API server's 422 messages
// (spec §8 case 15 and the toleration and taint rules of §5), conflicts,
// AlreadyExists and NotFound, generation, dry run, deletion, and bad input
// that must come back as a Status, never as a throw.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject, Node, Pod, PodDisruptionBudget, Status, Workload } from '../../../server/src/k8s/types';
import { apply, bare, cluster, deployment, failed, node, ok, pdb, pods } from './helpers';

const webSelector = { matchLabels: { app: 'web' } };

describe('spec §8 case 15: PDB validation', () => {
  const invalid = (spec: object): Status => failed(cluster([]).create('poddisruptionbudgets', 'default', pdb('web-pdb', { selector: webSelector, ...spec })));

  test('both fields set', () => {
    const s = invalid({ minAvailable: 1, maxUnavailable: 1 });
    assert.deepEqual([s.code, s.reason], [422, 'Invalid']);
    assert.match(s.message ?? '', /^PodDisruptionBudget\.policy "web-pdb" is invalid: spec: Invalid value: .*: minAvailable and maxUnavailable cannot be both set$/);
  });
  test('"150%"', () => assert.match(invalid({ minAvailable: '150%' }).message ?? '', /spec\.minAvailable: Invalid value: .*: must not be greater than 100%$/));
  test('"5"', () =>
    assert.ok(invalid({ maxUnavailable: '5' }).message?.endsWith("a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")));
  test('policy "Sometimes"', () =>
    assert.ok(invalid({ minAvailable: 1, unhealthyPodEvictionPolicy: 'Sometimes' }).message?.endsWith('spec.unhealthyPodEvictionPolicy: Unsupported value: "Sometimes": supported values: "AlwaysAllow", "IfHealthyBudget"')));
  test('the same rules on update', () => {
    const c = cluster([]);
    ok(c.create('poddisruptionbudgets', 'default', pdb('web-pdb', { minAvailable: 1, selector: webSelector })));
    const latest = ok(c.get('poddisruptionbudgets', 'default', 'web-pdb')) as PodDisruptionBudget;
    const s = failed(c.update('poddisruptionbudgets', 'default', 'web-pdb', { ...latest, spec: { ...latest.spec, maxUnavailable: 1 } } as PodDisruptionBudget));
    assert.equal(s.code, 422);
  });
  test('status counters must not be negative', () => {
    const c = cluster([], { disabledControllers: ['disruption'] });
    const created = ok(c.create('poddisruptionbudgets', 'default', pdb('web-pdb', { minAvailable: 1, selector: webSelector }))) as PodDisruptionBudget;
    const s = failed(c.update('poddisruptionbudgets', 'default', 'web-pdb', { ...created, status: { ...created.status!, disruptionsAllowed: -1 } } as PodDisruptionBudget, 'status'));
    assert.equal(s.message, 'PodDisruptionBudget.policy "web-pdb" is invalid: status.disruptionsAllowed: Invalid value: -1: must be greater than or equal to 0');
  });
});

describe('spec §8 case 16 and §5: toleration and taint validation', () => {
  const podWith = (tolerations: object[]) => failed(cluster([]).create('pods', 'default', bare('p', { spec: { tolerations } as never })));

  test('an empty key needs Exists', () =>
    assert.ok(podWith([{ key: '', operator: 'Equal', value: 'x' }]).message?.includes('spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"')));
  test('Exists takes no value', () => assert.ok(podWith([{ key: 'a', operator: 'Exists', value: 'x' }]).message?.includes("value must be empty when `operator` is 'Exists'")));
  test('tolerationSeconds needs NoExecute', () =>
    assert.ok(podWith([{ key: 'a', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }]).message?.includes("spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set")));
  test('valid tolerations pass, and an existing toleration may change only its seconds', () => {
    const c = cluster([node('n1')]);
    const p = ok(c.create('pods', 'default', bare('p', { spec: { tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }] } as never }))) as Pod;
    const latest = () => ok(c.get('pods', 'default', 'p')) as Pod;
    const change = (tolerations: object[]) => c.update('pods', 'default', 'p', { ...latest(), spec: { ...latest().spec, tolerations } } as Pod);
    const kept = latest().spec!.tolerations!;
    assert.equal(p.spec?.tolerations?.length, 3, 'DefaultTolerationSeconds added not-ready and unreachable');
    ok(change([{ ...kept[0], tolerationSeconds: 30 }, ...kept.slice(1)]));
    ok(change([...latest().spec!.tolerations!, { key: 'b', operator: 'Exists' }]));
    const s = failed(change([{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }, ...kept.slice(1)]));
    assert.ok(s.message?.includes('spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds'), s.message);
  });
  test('node taints need an effect and are unique by key and effect', () => {
    const c = cluster([]);
    const noEffect = failed(c.create('nodes', undefined, node('n1', { taints: [{ key: 'a', effect: '' }] })));
    assert.ok(noEffect.message?.includes('spec.taints[0].effect: Required value'), noEffect.message);
    const dup = failed(c.create('nodes', undefined, node('n1', { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'a', value: 'x', effect: 'NoSchedule' }] })));
    assert.ok(dup.message?.includes('taints must be unique by key and effect pair'), dup.message);
  });
});

describe('create, update and delete', () => {
  test('AlreadyExists, NotFound, a missing namespace, a name that is not a DNS subdomain', () => {
    const c = cluster([node('n1')]);
    apply(c, bare('p'));
    const dup = failed(c.create('pods', 'default', bare('p')));
    assert.deepEqual([dup.code, dup.reason, dup.message], [409, 'AlreadyExists', 'pods "p" already exists']);
    const missing = failed(c.get('deployments', 'default', 'nope'));
    assert.deepEqual([missing.code, missing.message, missing.details], [404, 'deployments.apps "nope" not found', { name: 'nope', group: 'apps', kind: 'deployments' }]);
    assert.equal(failed(c.create('pods', 'elsewhere', { ...bare('q'), metadata: { name: 'q' } })).message, 'namespaces "elsewhere" not found');
    const badName = failed(c.create('pods', 'default', bare('Bad_Name')));
    assert.match(badName.message ?? '', /^Pod "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    assert.match(failed(c.create('pods', 'default', { ...bare('x'), metadata: { namespace: 'default' } })).message ?? '', /metadata\.name: Required value: name or generateName is required/);
  });

  test('generateName gets five characters from the API server', () => {
    const c = cluster([]);
    const p = ok(c.create('pods', 'default', { ...bare('x'), metadata: { generateName: 'job-', namespace: 'default' } }));
    assert.match(p.metadata?.name ?? '', /^job-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  test('a stale resourceVersion conflicts; none at all is an unconditional update; a no-op writes nothing', () => {
    const c = cluster([node('n1')]);
    const n = ok(c.get('nodes', undefined, 'n1')) as Node;
    ok(c.update('nodes', undefined, 'n1', { ...n, metadata: { ...n.metadata, labels: { ...n.metadata?.labels, a: '1' } } } as Node));
    const stale = failed(c.update('nodes', undefined, 'n1', { ...n, metadata: { ...n.metadata, labels: { b: '2' } } } as Node));
    assert.deepEqual([stale.code, stale.reason, stale.message], [409, 'Conflict', 'Operation cannot be fulfilled on nodes "n1": the object has been modified; please apply your changes to the latest version and try again']);
    const latest = ok(c.get('nodes', undefined, 'n1')) as Node;
    ok(c.update('nodes', undefined, 'n1', { ...latest, metadata: { ...latest.metadata, resourceVersion: undefined, labels: { ...latest.metadata?.labels, c: '3' } } } as Node));
    const rv = c.resourceVersion();
    const same = ok(c.get('nodes', undefined, 'n1'));
    assert.equal(ok(c.update('nodes', undefined, 'n1', same)).metadata?.resourceVersion, same.metadata?.resourceVersion);
    assert.equal(c.resourceVersion(), rv);
  });

  test('a body whose name differs from the URL is 400', () => {
    const c = cluster([node('n1')]);
    const n = ok(c.get('nodes', undefined, 'n1'));
    assert.equal(failed(c.update('nodes', undefined, 'n1', { ...n, metadata: { ...n.metadata, name: 'n2' } })).message, 'the name of the object (n2) does not match the name on the URL (n1)');
  });

  test('a pod spec is immutable but for images, tolerations added and activeDeadlineSeconds', () => {
    const c = cluster([node('n1')]);
    apply(c, bare('p'));
    const p = ok(c.get('pods', 'default', 'p')) as Pod;
    const s = failed(c.update('pods', 'default', 'p', { ...p, spec: { ...p.spec, restartPolicy: 'Never' } } as Pod));
    assert.match(s.message ?? '', /^Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/);
    const image = ok(c.update('pods', 'default', 'p', { ...p, spec: { ...p.spec, containers: [{ ...p.spec!.containers![0], image: 'nginx:1.28' }] } } as Pod)) as Pod;
    assert.equal(image.spec?.containers?.[0].image, 'nginx:1.28');
  });

  test('workloads: selector required and matching the template, replicas not negative, selector immutable', () => {
    const c = cluster([]);
    const d = deployment('web', 1);
    assert.ok(failed(c.create('deployments', 'default', { ...d, spec: { ...d.spec, selector: undefined } } as Workload)).message?.includes('spec.selector: Required value'));
    assert.ok(failed(c.create('deployments', 'default', { ...d, spec: { ...d.spec, selector: { matchLabels: { app: 'other' } } } } as Workload)).message?.includes('spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'));
    assert.ok(failed(c.create('deployments', 'default', { ...d, spec: { ...d.spec, replicas: -1 } } as Workload)).message?.includes('spec.replicas: Invalid value: -1: must be greater than or equal to 0'));
    assert.ok(failed(c.create('deployments', 'default', { ...d, spec: { ...d.spec, template: { ...d.spec!.template, spec: { ...d.spec!.template!.spec, restartPolicy: 'Never' } } } } as Workload)).message?.includes('spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'));
    const created = ok(c.create('deployments', 'default', d)) as Workload;
    assert.equal(created.metadata?.generation, 1);
    const latest = ok(c.get('deployments', 'default', 'web')) as Workload;
    const moved = failed(c.update('deployments', 'default', 'web', { ...latest, spec: { ...latest.spec, selector: { matchLabels: { app: 'web', v: '2' } }, template: { ...latest.spec!.template, metadata: { labels: { app: 'web', v: '2' } } } } } as Workload));
    assert.ok(moved.message?.includes('spec.selector: Invalid value'), moved.message);
    assert.ok(moved.message?.includes('field is immutable'));
  });

  test('dry run creates and updates nothing', () => {
    const c = cluster([node('n1')]);
    const rv = c.resourceVersion();
    const p = ok(c.create('pods', 'default', bare('p'), { dryRun: true }));
    assert.equal(p.metadata?.name, 'p');
    assert.equal(c.resourceVersion(), rv);
    assert.equal(c.get('pods', 'default', 'p').ok, false);
  });

  test('DELETE: a pod answers with itself (terminating), other kinds with a Success Status; a wrong UID is 409', () => {
    const c = cluster([node('n1')]);
    apply(c, bare('p'), pdb('web-pdb', { minAvailable: 1, selector: webSelector }));
    c.advance(5000);
    const gone = ok(c.delete('poddisruptionbudgets', 'default', 'web-pdb', {})) as Status;
    assert.deepEqual({ ...gone, details: { ...gone.details, uid: undefined } }, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'web-pdb', group: 'policy', kind: 'poddisruptionbudgets', uid: undefined }, code: 200 });
    const wrong = failed(c.delete('pods', 'default', 'p', { preconditions: { uid: 'x' } }));
    assert.equal(wrong.code, 409);
    const terminating = ok(c.delete('pods', 'default', 'p', { gracePeriodSeconds: 10 })) as Pod;
    assert.equal(terminating.kind, 'Pod');
    assert.equal(terminating.metadata?.deletionGracePeriodSeconds, 10);
  });

  test('finalizers hold an object until the last one is removed', () => {
    const c = cluster([]);
    const created = ok(c.create('poddisruptionbudgets', 'default', { ...pdb('held', { minAvailable: 1, selector: webSelector }), metadata: { name: 'held', namespace: 'default', finalizers: ['example.com/keep'] } }));
    const marked = ok(c.delete('poddisruptionbudgets', 'default', 'held', {})) as KubeObject;
    assert.ok(marked.metadata?.deletionTimestamp);
    const latest = ok(c.get('poddisruptionbudgets', 'default', 'held'));
    ok(c.update('poddisruptionbudgets', 'default', 'held', { ...latest, metadata: { ...latest.metadata, finalizers: [] } } as KubeObject));
    assert.equal(c.get('poddisruptionbudgets', 'default', 'held').ok, false);
    assert.ok(created);
  });

  test('a pod a finalizer holds after its kubelet is done: deleting it again writes nothing', () => {
    const c = cluster();
    apply(c, { ...bare('held', { nodeName: 'n1' }), metadata: { ...bare('held').metadata, finalizers: ['example.com/keep'] } } as Pod);
    c.advance(5000);
    ok(c.delete('pods', 'default', 'held', { gracePeriodSeconds: 1 }));
    c.advance(5000);
    const final = ok(c.get('pods', 'default', 'held')) as Pod;
    assert.equal(final.metadata?.deletionGracePeriodSeconds, 0, "the kubelet's final DELETE marked it");
    const again = ok(c.delete('pods', 'default', 'held', { gracePeriodSeconds: 0 })) as Pod;
    c.advance(60_000);
    assert.equal(again.metadata?.resourceVersion, final.metadata?.resourceVersion);
    assert.equal(c.resourceVersion(), final.metadata?.resourceVersion, 'no write since: neither the kubelet nor anyone else churns the pod');
  });

  test('deleting a Deployment takes its ReplicaSet and pods; Orphan leaves them', () => {
    const c = cluster();
    apply(c, deployment('web', 2), deployment('api', 1));
    c.advance(5000);
    ok(c.delete('deployments', 'default', 'web', {}));
    assert.equal(c.list('replicasets', 'default').filter((r) => r.metadata?.name?.startsWith('web-')).length, 0);
    assert.ok(pods(c, 'web').every((p) => p.metadata?.deletionTimestamp));
    ok(c.delete('deployments', 'default', 'api', { propagationPolicy: 'Orphan' }));
    const rs = c.list('replicasets', 'default').find((r) => r.metadata?.name?.startsWith('api-'));
    assert.ok(rs);
    assert.deepEqual(rs.metadata?.ownerReferences, []);
    assert.ok(pods(c, 'api').every((p) => !p.metadata?.deletionTimestamp));
  });

  test('a namespace is Terminating until emptied; default cannot be deleted', () => {
    const c = cluster([node('n1')]);
    ok(c.create('namespaces', undefined, { metadata: { name: 'team' } }));
    ok(c.create('pods', 'team', { ...bare('p'), metadata: { name: 'p' } }));
    c.advance(5000);
    const terminating = ok(c.delete('namespaces', undefined, 'team', {})) as KubeObject & { status?: { phase?: string } };
    assert.equal(terminating.status?.phase, 'Terminating');
    assert.equal(failed(c.create('pods', 'team', { ...bare('q'), metadata: { name: 'q' } })).code, 403);
    c.advance(5000);
    assert.equal(c.get('namespaces', undefined, 'team').ok, false);
    const immortal = failed(c.delete('namespaces', undefined, 'default', {}));
    assert.equal(immortal.message, 'namespaces "default" is forbidden: this namespace may not be deleted');
  });
});

describe('bad input: always a Status, never a throw', () => {
  const c = cluster([node('n1')]);
  const cases: [string, () => { ok: boolean; status?: Status }, number, RegExp?][] = [
    ['replicas as a string', () => c.create('deployments', 'default', { ...deployment('w', 1), spec: { ...deployment('w', 1).spec, replicas: 'three' } } as never), 400, /^Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type int32$/],
    ['a fractional replica count', () => c.create('deployments', 'default', { ...deployment('w', 1), spec: { ...deployment('w', 1).spec, replicas: 1.5 } } as never), 400, /cannot unmarshal number 1\.5 into Go struct field DeploymentSpec\.spec\.replicas of type int32/],
    ['labels that are not strings', () => c.create('pods', 'default', { ...bare('x'), metadata: { name: 'x', labels: { a: 1 } } } as never), 400, /cannot unmarshal number into Go struct field ObjectMeta\.metadata\.labels of type string$/],
    ['containers as an object', () => c.create('pods', 'default', { metadata: { name: 'x' }, spec: { containers: { name: 'c' } } } as never), 400, /PodSpec\.spec\.containers of type \[\]v1\.Container/],
    ['a bad quantity', () => c.create('nodes', undefined, { metadata: { name: 'nq' }, status: { allocatable: { cpu: 'lots' } } } as never), 400, /quantities must match the regular expression/],
    ['minAvailable as a boolean', () => c.create('poddisruptionbudgets', 'default', { metadata: { name: 'x' }, spec: { minAvailable: true } } as never), 400, /cannot unmarshal bool into Go value of type int32/],
    ['a body that is not an object', () => c.create('pods', 'default', 'pod' as never), 400],
    ['a null body', () => c.create('pods', 'default', null as never), 400],
    ['a status update of a missing object', () => c.update('pods', 'default', 'ghost', bare('ghost'), 'status'), 404],
    ['delete options of the wrong type', () => c.delete('nodes', undefined, 'n1', { gracePeriodSeconds: 'now' } as never), 400, /DeleteOptions\.gracePeriodSeconds of type int64/],
  ];
  for (const [name, call, code, message] of cases) {
    test(name, () => {
      const r = call();
      assert.equal(r.ok, false);
      assert.equal(r.status?.code, code);
      if (message) assert.match(r.status?.message ?? '', message);
    });
  }

  test('unknown fields are kept and ignored', () => {
    const p = ok(c.create('pods', 'default', { ...bare('u'), spec: { ...bare('u').spec, frobnicate: { level: 11 } } } as never)) as Pod;
    assert.deepEqual(p.spec?.frobnicate, { level: 11 });
    assert.deepEqual(c.diagnostics, []);
  });
});
