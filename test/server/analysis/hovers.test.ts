import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnalysisEngine } from '../../../server/src/analysis/engine';
import { hoverAt } from '../../../server/src/analysis/hovers';
import { rules } from '../../../server/src/rules/registry';
import { deployment, pdb, yaml } from '../rules/harness';

function hover(files: Record<string, string>, uri: string, needle: string, nth = 0): string | undefined {
  const engine = new AnalysisEngine(rules);
  for (const [name, text] of Object.entries(files)) engine.setFile(name, text);
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = files[uri]!.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, needle);
  return hoverAt(engine, uri, offset + 1)?.markdown;
}

const eviction = yaml('apiVersion: policy/v1', 'kind: Eviction', 'metadata:', '  name: web-0', '  namespace: default');
const sts = (replicas: number) => yaml('apiVersion: apps/v1', 'kind: StatefulSet', 'metadata: {name: web}', 'spec:', `  replicas: ${replicas}`, '  selector: {matchLabels: {app: web}}', '  template: {metadata: {labels: {app: web}}, spec: {containers: []}}');
const webPdb = (budget: string, name = 'web-pdb') => pdb(name, [`  ${budget}`, '  selector: {matchLabels: {app: web}}']);

describe('hovers', () => {
  it('Eviction: predicts 201 with the budget numbers', () => {
    const text = hover({ 'e.yaml': eviction, 's.yaml': sts(3), 'p.yaml': webPdb('minAvailable: 2') }, 'e.yaml', 'Eviction')!;
    assert.ok(
      text.startsWith(
        '**web-pdb (minAvailable 2; 3 healthy, 2 desired) allows 1 disruption now: the API server should accept (201), leaving 0 until a replacement is Ready.** ' +
          'Predicted from the manifests for pod web-0 (StatefulSet web), with every pod Running and Ready.',
      ),
      text,
    );
    assert.match(text, /\*\*201 Created: evicted\.\*\* /);
    assert.match(text, /\*\*404 Not Found\.\*\* /);
    assert.match(text, /\*\*403 Forbidden\.\*\* /);
  });

  it('Eviction: predicts 429 with the exact cause', () => {
    const text = hover({ 'e.yaml': eviction, 's.yaml': sts(2), 'p.yaml': webPdb('minAvailable: 2') }, 'e.yaml', 'web-0')!;
    assert.ok(
      text.startsWith('**web-pdb (minAvailable 2; 2 healthy, 2 desired) allows no disruption now: the API server should refuse (429): The disruption budget web-pdb needs 2 healthy pods and has 2 currently.**'),
      text,
    );
  });

  it('Eviction: predicts 500 when two budgets cover the pod', () => {
    const text = hover({ 'e.yaml': eviction, 's.yaml': sts(3), 'a.yaml': webPdb('minAvailable: 1', 'a'), 'b.yaml': webPdb('minAvailable: 1', 'b') }, 'e.yaml', 'Eviction')!;
    assert.ok(text.startsWith('**a and b all select the pod: the API server should refuse (500): This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.**'), text);
  });

  it('Eviction: says when the pod is not in the workspace, and explains policy/v1beta1', () => {
    const old = eviction.replace('policy/v1', 'policy/v1beta1');
    const text = hover({ 'e.yaml': old }, 'e.yaml', 'policy/v1beta1')!;
    assert.match(text, /^Pod web-0 of namespace default is not in the workspace: the answer depends on the cluster\./);
    assert.ok(
      text.includes(
        '**policy/v1beta1 Eviction**: introduced in Kubernetes 1.5, deprecated in 1.22, still accepted by the eviction subresource. Kubernetes 1.32 still serves it, deprecated.\n\n' +
          'The API server warns: "policy/v1beta1 Eviction is deprecated in v1.22+, unavailable in v1.25+; use policy/v1 Eviction".\n\nUse policy/v1 (only the apiVersion changes).',
      ),
      text,
    );
  });

  it('PDB fields: meaning, selected workloads and the controller numbers', () => {
    const text = hover({ 'p.yaml': webPdb('maxUnavailable: "50%"'), 'd.yaml': deployment('web', { app: 'web' }, 3) }, 'p.yaml', 'maxUnavailable')!;
    assert.match(text, /^\*\*maxUnavailable\*\*: how many selected pods may be unavailable at once/);
    assert.match(text, /Selects: Deployment web \(3 replicas\)\./);
    assert.match(text, /\(maxUnavailable 50%\): expectedPods 3, desiredHealthy 1, currentHealthy 3, disruptionsAllowed 2\./);
    const selector = hover({ 'p.yaml': webPdb('minAvailable: 1') }, 'p.yaml', 'selector')!;
    assert.match(selector, /In policy\/v1 an empty selector `\{\}` selects \*\*every pod of the namespace\*\*/);
    assert.match(selector, /web-pdb selects no Pod or workload pod template of namespace default in the workspace\./);
    const policy = hover({ 'p.yaml': pdb('p', ['  minAvailable: 1', '  unhealthyPodEvictionPolicy: AlwaysAllow']) }, 'p.yaml', 'AlwaysAllow')!;
    assert.match(policy, /^\*\*unhealthyPodEvictionPolicy\*\*/);
  });

  it('taint effects, toleration fields and well-known taints', () => {
    const node = yaml('apiVersion: v1', 'kind: Node', 'metadata: {name: n}', 'spec:', '  unschedulable: true', '  taints:', '  - {key: node.kubernetes.io/unreachable, effect: NoExecute}');
    assert.match(hover({ 'n.yaml': node }, 'n.yaml', 'NoExecute')!, /^\*\*NoExecute\*\*: .*tolerationSeconds/);
    assert.match(hover({ 'n.yaml': node }, 'n.yaml', 'node.kubernetes.io/unreachable')!, /^\*\*node\.kubernetes\.io\/unreachable\*\*: The node stopped reporting/);
    assert.match(hover({ 'n.yaml': node }, 'n.yaml', 'unschedulable')!, /The node is cordoned/);
    const pod = yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  tolerations:', '  - key: a', '    operator: Exists', '    effect: PreferNoSchedule', '    tolerationSeconds: 30');
    assert.match(hover({ 'p.yaml': pod }, 'p.yaml', 'operator')!, /^\*\*operator\*\*: `Equal` \(the default\)/);
    assert.match(hover({ 'p.yaml': pod }, 'p.yaml', 'tolerationSeconds')!, /^\*\*tolerationSeconds\*\*: only with `effect: NoExecute`/);
    assert.match(hover({ 'p.yaml': pod }, 'p.yaml', 'PreferNoSchedule')!, /^\*\*PreferNoSchedule\*\*/);
    assert.match(hover({ 'p.yaml': pod }, 'p.yaml', 'tolerations')!, /^\*\*tolerations\*\* let a pod run on nodes with matching taints/);
  });

  it('nothing on fields it does not explain', () => {
    assert.equal(hover({ 'd.yaml': deployment('web', { app: 'web' }, 3) }, 'd.yaml', 'replicas'), undefined);
  });
});
