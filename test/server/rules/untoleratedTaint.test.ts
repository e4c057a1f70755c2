import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { deployment, lint, yaml } from './harness';
import { applyFix } from './fixes';
import { runCases } from './run';

function node(name: string, labels: Record<string, string>, taints: string[], unschedulable = false): string {
  return yaml('apiVersion: v1', 'kind: Node', 'metadata:', `  name: ${name}`, `  labels: ${JSON.stringify(labels)}`, 'spec:', ...(unschedulable ? ['  unschedulable: true'] : []), ...(taints.length ? ['  taints:', ...taints] : ['  taints: []']));
}
const gpu = node('gpu-1', { pool: 'gpu' }, ['  - {key: gpu, value: "true", effect: NoSchedule}']);
const onGpu = (tolerations: string[] = []) => deployment('trainer', { app: 'trainer' }, 1, ['      nodeSelector: {pool: gpu}', ...tolerations]);

describe('untolerated-taint', () => {
  runCases('untolerated-taint', [
    {
      name: 'nodeSelector pins to a node with an untolerated NoSchedule taint: error with the scheduler message',
      files: { 'node.yaml': gpu, 'app.yaml': onGpu() },
      expect: ['app.yaml:14 error'],
      messages: ['Deployment trainer can only run on gpu-1, and none accepts its pods: gpu-1 has gpu=true:NoSchedule. The pods stay Pending: "0/1 nodes are available: 1 node(s) had untolerated taint {gpu: true}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."'],
    },
    { name: 'a matching toleration', files: { 'node.yaml': gpu, 'app.yaml': onGpu(['      tolerations: [{key: gpu, operator: Equal, value: "true", effect: NoSchedule}]']) }, expect: [] },
    { name: 'an empty-key Exists toleration tolerates everything', files: { 'node.yaml': gpu, 'app.yaml': onGpu(['      tolerations: [{operator: Exists}]']) }, expect: [] },
    { name: 'an effect mismatch does not tolerate', files: { 'node.yaml': gpu, 'app.yaml': onGpu(['      tolerations: [{key: gpu, operator: Exists, effect: NoExecute}]']) }, expect: ['app.yaml:14 error'] },
    { name: 'a value mismatch does not tolerate', files: { 'node.yaml': gpu, 'app.yaml': onGpu(['      tolerations: [{key: gpu, value: "false", effect: NoSchedule}]']) }, expect: ['app.yaml:14 error'] },
    {
      name: 'a cordoned node counts as the unschedulable taint; DaemonSet pods tolerate it',
      files: {
        'node.yaml': node('n1', { pool: 'a' }, [], true),
        'app.yaml': deployment('web', { app: 'web' }, 1, ['      nodeSelector: {pool: a}']),
        'ds.yaml': yaml('apiVersion: apps/v1', 'kind: DaemonSet', 'metadata: {name: agent}', 'spec:', '  selector: {matchLabels: {app: agent}}', '  template:', '    metadata: {labels: {app: agent}}', '    spec: {nodeSelector: {pool: a}, containers: []}'),
      },
      expect: ['app.yaml:14 error'],
      messages: ['n1 has node.kubernetes.io/unschedulable:NoSchedule (cordoned)'],
    },
    {
      name: 'one accepting node among the candidates is enough',
      files: { 'a.yaml': gpu, 'b.yaml': node('gpu-2', { pool: 'gpu' }, []), 'app.yaml': onGpu() },
      expect: [],
    },
    {
      name: 'pods not pinned, or pinned to no workspace node, are not judged',
      files: { 'node.yaml': gpu, 'app.yaml': deployment('web', { app: 'web' }, 1), 'other.yaml': deployment('x', { app: 'x' }, 1, ['      nodeSelector: {pool: cpu}']) },
      expect: [],
    },
    {
      name: 'spec.nodeName bypasses the scheduler: NoSchedule does not apply, NoExecute does',
      files: {
        'nodes.yaml': [node('a', {}, ['  - {key: k, effect: NoSchedule}']), node('b', {}, ['  - {key: k, effect: NoExecute}'])].join('---\n'),
        'pa.yaml': yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: pa}', 'spec:', '  nodeName: a', '  containers: []'),
        'pb.yaml': yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: pb}', 'spec:', '  nodeName: b', '  containers: []'),
      },
      expect: ['pb.yaml:5 error'],
      messages: ['Pod pb is bound to node b (spec.nodeName), whose taint k:NoExecute it does not tolerate: the kubelet rejects the pod'],
    },
    {
      name: 'PreferNoSchedule on every accepting node: hint',
      files: { 'node.yaml': node('spot', { pool: 'spot' }, ['  - {key: spot, effect: PreferNoSchedule}']), 'app.yaml': deployment('web', { app: 'web' }, 1, ['      nodeSelector: {pool: spot}']) },
      expect: ['app.yaml:14 hint'],
    },
    {
      name: 'required node affinity pins too',
      files: {
        'node.yaml': gpu,
        'app.yaml': deployment('trainer', { app: 'trainer' }, 1, [
          '      affinity:',
          '        nodeAffinity:',
          '          requiredDuringSchedulingIgnoredDuringExecution:',
          '            nodeSelectorTerms: [{matchExpressions: [{key: pool, operator: In, values: [gpu]}]}]',
        ]),
      },
      expect: ['app.yaml:14 error'],
    },
  ]);

  for (const [name, extra] of [
    ['creates the tolerations list', []],
    ['appends to a block tolerations list', ['      tolerations:', '      - key: other', '        operator: Exists']],
    ['appends to a flow tolerations list', ['      tolerations: [{key: other, operator: Exists}]']],
  ] as const) {
    it(`quick fix ${name}, and the error goes away`, () => {
      const files = { 'node.yaml': gpu, 'app.yaml': onGpu([...extra]) };
      const [finding] = lint(files).findings.filter((f) => f.ruleId === 'untolerated-taint');
      assert.equal(finding!.fixes[0]!.title, 'Add a toleration for gpu=true:NoSchedule');
      const fixed = applyFix(files, finding!);
      const tolerations = parse(fixed['app.yaml']!).spec.template.spec.tolerations;
      assert.deepEqual(tolerations[tolerations.length - 1], { key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' });
      assert.equal(tolerations.length, extra.length ? 2 : 1);
      assert.deepEqual(lint(fixed).findings, []);
    });
  }

  it('quick fix in a JSON manifest keeps it JSON', () => {
    const app = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeSelector: { pool: 'gpu' }, containers: [] } }, null, 2);
    const files = { 'node.yaml': gpu, 'pod.json': app };
    const [finding] = lint(files).findings.filter((f) => f.ruleId === 'untolerated-taint');
    const fixed = applyFix(files, finding!);
    assert.deepEqual(JSON.parse(fixed['pod.json']!).spec.tolerations, [{ key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
  });
});
