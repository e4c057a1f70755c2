import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import type { ClusterFacts } from '../../../server/src/analysis/liveCluster';
import { deployment, lint, liveNode, node, yaml } from './harness';
import { applyFix } from './fixes';
import { runCases } from './run';

const gpu = node('gpu-1', { pool: 'gpu' }, ['  - {key: gpu, value: "true", effect: NoSchedule}']);
const onGpu = (tolerations: string[] = []) => deployment('trainer', { app: 'trainer' }, 1, ['      nodeSelector: {pool: gpu}', ...tolerations]);
const live = (...nodes: ClusterFacts['nodes']): ClusterFacts => ({ context: 'kind-test', nodes, pods: [] });
const gpuNodes = live(liveNode('gpu-1', { pool: 'gpu' }, ['gpu=true:NoSchedule']), liveNode('gpu-2', { pool: 'gpu' }, ['gpu=true:NoSchedule']));

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
      name: "FitError counts every workspace node by its filter, as the scheduler does, not only those the pod's selection matches",
      files: {
        'nodes.yaml': [node('a-1', { pool: 'a' }, [], true), node('a-2', { pool: 'a' }, [], true), node('b-1', { pool: 'b' }, [])].join('---\n'),
        'app.yaml': deployment('web', { app: 'web' }, 1, ['      nodeSelector: {pool: a}']),
      },
      expect: ['app.yaml:14 error'],
      messages: [
        'Deployment web can only run on a-1, a-2, and none accepts its pods: a-1 has node.kubernetes.io/unschedulable:NoSchedule (cordoned); a-2 has node.kubernetes.io/unschedulable:NoSchedule (cordoned). ' +
          'The pods stay Pending: "0/3 nodes are available: 1 node(s) didn\'t match Pod\'s node affinity/selector, 2 node(s) were unschedulable.',
      ],
    },
    {
      name: 'nodes alike but for their hostname are judged as one, unless the pod selects by hostname or name',
      files: {
        'nodes.yaml': [
          node('n-1', { pool: 'a', 'kubernetes.io/hostname': 'n-1' }, ['  - {key: gpu, effect: NoSchedule}']),
          node('n-2', { pool: 'a', 'kubernetes.io/hostname': 'n-2' }, ['  - {key: gpu, effect: NoSchedule}']),
          node('n-3', { pool: 'a', 'kubernetes.io/hostname': 'n-3' }, []),
        ].join('---\n'),
        'pinned.yaml': deployment('pinned', { app: 'pinned' }, 1, ['      nodeSelector: {kubernetes.io/hostname: n-2}']),
        'affinity.yaml': deployment('near', { app: 'near' }, 1, ['      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchFields: [{key: metadata.name, operator: In, values: [n-2]}]}]}}}']),
        'spread.yaml': deployment('spread', { app: 'spread' }, 1, ['      nodeSelector: {pool: a}']),
      },
      expect: ['pinned.yaml:14 error', 'affinity.yaml:14 error'],
      messages: [
        'Deployment pinned can only run on n-2, and none accepts its pods: n-2 has gpu:NoSchedule. The pods stay Pending: "0/3 nodes are available: 1 node(s) didn\'t match Pod\'s node affinity/selector, 2 node(s) had untolerated taint {gpu: }.',
        'Deployment near can only run on n-2, and none accepts its pods',
      ],
    },
    {
      name: 'twelve tainted nodes: five named, the rest counted',
      files: {
        'nodes.yaml': Array.from({ length: 12 }, (_, i) => node(`gpu-${i + 10}`, { pool: 'gpu' }, ['  - {key: gpu, value: "true", effect: NoSchedule}'])).join('---\n'),
        'app.yaml': onGpu(),
      },
      expect: ['app.yaml:14 error'],
      messages: [
        'Deployment trainer can only run on gpu-10, gpu-11, gpu-12, gpu-13, gpu-14 and 7 more, and none accepts its pods: gpu-10 has gpu=true:NoSchedule; gpu-11 has gpu=true:NoSchedule; ' +
          'gpu-12 has gpu=true:NoSchedule; gpu-13 has gpu=true:NoSchedule; gpu-14 has gpu=true:NoSchedule; and 7 more. The pods stay Pending: "0/12 nodes are available: 12 node(s) had untolerated taint {gpu: true}.',
      ],
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

  describe('with the live cluster: its nodes are the complete list', () => {
    runCases('untolerated-taint', [
      {
        name: 'a pod no live node accepts, not even pinned: warning, counted by reason, with the scheduler message',
        files: { 'app.yaml': deployment('web', { app: 'web' }, 1) },
        cluster: gpuNodes,
        expect: ['app.yaml:13 warning'],
        messages: [
          'No node on context kind-test accepts the pods of Deployment web: untolerated taint gpu=true:NoSchedule: 2 nodes (gpu-1, gpu-2). ' +
            'Its pods would stay Pending ("0/2 nodes are available: 2 node(s) had untolerated taint {gpu: true}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."), ' +
            'unless a cluster autoscaler adds a node that accepts them.',
        ],
      },
      {
        name: 'one live node that accepts is enough',
        files: { 'app.yaml': deployment('web', { app: 'web' }, 1) },
        cluster: live(...gpuNodes.nodes, liveNode('cpu-1', { pool: 'cpu' })),
        expect: [],
      },
      {
        name: 'a toleration makes the tainted nodes accept',
        files: { 'app.yaml': onGpu(['      tolerations: [{key: gpu, operator: Exists}]']) },
        cluster: gpuNodes,
        expect: [],
      },
      {
        name: 'a nodeSelector no live node matches (which the workspace alone never judges)',
        files: { 'app.yaml': deployment('web', { app: 'web' }, 1, ['      nodeSelector: {pool: arm}']) },
        cluster: live(liveNode('cpu-1', { pool: 'cpu' }), liveNode('cpu-2', { pool: 'cpu' })),
        expect: ['app.yaml:14 warning'],
        messages: ['No node on context kind-test accepts the pods of Deployment web: nodeSelector or required node affinity not matched: 2 nodes (cpu-1, cpu-2).'],
      },
      {
        name: "reasons in the scheduler's order (a cordon first), a few nodes named per reason, the rest counted",
        files: { 'app.yaml': onGpu() },
        cluster: live(
          liveNode('cordoned', { pool: 'gpu' }, [], true),
          ...gpuNodes.nodes,
          ...Array.from({ length: 7 }, (_, i) => liveNode(`cpu-${i + 1}`, { pool: 'cpu' })),
        ),
        expect: ['app.yaml:14 warning'],
        messages: [
          'No node on context kind-test accepts the pods of Deployment trainer: cordoned: 1 node (cordoned); untolerated taint gpu=true:NoSchedule: 2 nodes (gpu-1, gpu-2); ' +
            'nodeSelector or required node affinity not matched: 7 nodes (cpu-1, cpu-2, cpu-3, cpu-4, cpu-5 and 2 more). ' +
            'Its pods would stay Pending ("0/10 nodes are available: 1 node(s) were unschedulable, 2 node(s) had untolerated taint {gpu: true}, 7 node(s) didn\'t match Pod\'s node affinity/selector.',
        ],
      },
      {
        name: 'a DaemonSet tolerates cordons; with no node to run on, its controller creates no pod',
        files: { 'ds.yaml': yaml('apiVersion: apps/v1', 'kind: DaemonSet', 'metadata: {name: agent}', 'spec:', '  selector: {matchLabels: {app: agent}}', '  template:', '    metadata: {labels: {app: agent}}', '    spec: {containers: []}') },
        cluster: live(liveNode('n1', {}, ['dedicated=db:NoExecute']), liveNode('n2', {}, ['dedicated=web:NoSchedule'], true)),
        expect: ['ds.yaml:8 warning'],
        messages: ['untolerated taint dedicated=db:NoExecute: 1 node (n1); untolerated taint dedicated=web:NoSchedule: 1 node (n2). The DaemonSet controller creates no daemon pod (desiredNumberScheduled 0)'],
      },
      {
        name: 'a DaemonSet runs on a cordoned node',
        files: { 'ds.yaml': yaml('apiVersion: apps/v1', 'kind: DaemonSet', 'metadata: {name: agent}', 'spec:', '  selector: {matchLabels: {app: agent}}', '  template:', '    metadata: {labels: {app: agent}}', '    spec: {containers: []}') },
        cluster: live(liveNode('n1', {}, ['dedicated=db:NoExecute']), liveNode('n2', {}, [], true)),
        expect: [],
      },
      {
        name: 'every accepting live node has an untolerated PreferNoSchedule taint: hint',
        files: { 'app.yaml': deployment('web', { app: 'web' }, 1) },
        cluster: live(liveNode('spot-1', {}, ['spot:PreferNoSchedule']), liveNode('gpu-1', {}, ['gpu:NoSchedule'])),
        expect: ['app.yaml:13 hint'],
        messages: ['Every node on context kind-test Deployment web can run on has a PreferNoSchedule taint its pods do not tolerate (spot-1: spot:PreferNoSchedule)'],
      },
      {
        name: 'spec.nodeName on a live node with an untolerated NoExecute taint: the kubelet rejects it',
        files: { 'pod.yaml': yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  nodeName: n1', '  containers: []') },
        cluster: live(liveNode('n1', {}, ['k:NoExecute'])),
        expect: ['pod.yaml:5 error'],
        messages: ['Pod p is bound to node n1 on context kind-test (spec.nodeName), whose taint k:NoExecute it does not tolerate'],
      },
      {
        name: 'the workspace error wins over the live warning: one finding, pointing at the node manifest',
        files: { 'node.yaml': gpu, 'app.yaml': onGpu() },
        cluster: gpuNodes,
        expect: ['app.yaml:14 error'],
        messages: ['Deployment trainer can only run on gpu-1, and none accepts its pods'],
      },
      {
        name: 'a live warning is stronger than a workspace hint',
        files: { 'node.yaml': node('spot', { pool: 'spot' }, ['  - {key: spot, effect: PreferNoSchedule}']), 'app.yaml': deployment('web', { app: 'web' }, 1, ['      nodeSelector: {pool: spot}']) },
        cluster: live(liveNode('cpu-1', { pool: 'cpu' })),
        expect: ['app.yaml:14 warning'],
      },
      { name: 'a cluster with no nodes tells nothing', files: { 'app.yaml': onGpu() }, cluster: live(), expect: [] },
    ]);

    it('related information names each node and the context, at the finding (a live node has no place in the workspace)', () => {
      const { findings } = lint({ 'app.yaml': onGpu() }, {}, gpuNodes);
      const [finding] = findings.filter((f) => f.ruleId === 'untolerated-taint');
      assert.deepEqual(
        finding!.related.map((r) => [r.location, r.message]),
        ['gpu-1', 'gpu-2'].map((name) => [{ uri: 'app.yaml', range: finding!.range }, `Node ${name} on context kind-test: untolerated taint gpu=true:NoSchedule`]),
      );
    });

    it('quick fixes tolerate taints of nodes the pod selects, never a cordon, and clear the warning', () => {
      const cluster = live(liveNode('gpu-1', { pool: 'gpu' }, ['gpu=true:NoSchedule']), liveNode('cpu-1', { pool: 'cpu' }, ['cpu:NoSchedule']), liveNode('gpu-2', { pool: 'gpu' }, [], true));
      const files = { 'app.yaml': onGpu() };
      const [finding] = lint(files, {}, cluster).findings.filter((f) => f.ruleId === 'untolerated-taint');
      assert.deepEqual(finding!.fixes.map((f) => f.title), ['Add a toleration for gpu=true:NoSchedule']);
      assert.deepEqual(lint(applyFix(files, finding!), {}, cluster).findings, []);
    });
  });

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

  it('a node taint without key (or key: null) is what the API server refuses, and offers no toleration: no rule fails on it', () => {
    for (const taint of ['  - {effect: NoSchedule}', '  - {key: null, effect: NoSchedule}']) {
      const { findings } = lint({ 'node.yaml': node('gpu-1', { pool: 'gpu' }, [taint]), 'app.yaml': onGpu() });
      assert.deepEqual(
        findings.map((f) => `${f.uri}:${f.range.start.line + 1} ${f.ruleId}: ${f.message.slice(0, 66)}`),
        [
          'node.yaml:8 toleration-invalid: spec.taints[0].key: name part must be non-empty. The API server re',
          'node.yaml:8 toleration-invalid: spec.taints[0].key: name part must consist of alphanumeric charact',
          'app.yaml:14 untolerated-taint: Deployment trainer can only run on gpu-1, and none accepts its pod',
        ],
        taint,
      );
      assert.match(findings[2]!.message, /gpu-1 has :NoSchedule\. The pods stay Pending: "0\/1 nodes are available: 1 node\(s\) had untolerated taint \{: \}\./);
      assert.deepEqual(findings[2]!.fixes, [], 'no toleration matches exactly a taint without key');
    }
  });

  it('quick fix in a JSON manifest keeps it JSON', () => {
    const app = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeSelector: { pool: 'gpu' }, containers: [] } }, null, 2);
    const files = { 'node.yaml': gpu, 'pod.json': app };
    const [finding] = lint(files).findings.filter((f) => f.ruleId === 'untolerated-taint');
    const fixed = applyFix(files, finding!);
    assert.deepEqual(JSON.parse(fixed['pod.json']!).spec.tolerations, [{ key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
  });

  it('related locations are capped at five nodes, each at its taint', () => {
    const files = {
      'nodes.yaml': Array.from({ length: 12 }, (_, i) => node(`gpu-${i + 10}`, { pool: 'gpu' }, ['  - {key: gpu, value: "true", effect: NoSchedule}'])).join('---\n'),
      'app.yaml': onGpu(),
    };
    const [finding] = lint(files).findings.filter((f) => f.ruleId === 'untolerated-taint');
    assert.deepEqual(
      finding!.related.map((r) => `${r.location.uri}:${r.location.range.start.line + 1} ${r.message}`),
      [0, 1, 2, 3, 4].map((i) => `nodes.yaml:${i * 9 + 8} Node gpu-${i + 10}: gpu=true:NoSchedule`),
    );
    assert.equal(finding!.fixes.length, 1, 'one toleration for the one taint');
  });
});
