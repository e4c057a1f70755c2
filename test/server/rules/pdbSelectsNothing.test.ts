import { describe } from 'node:test';
import type { ClusterFacts } from '../../../server/src/analysis/liveCluster';
import { deployment, liveNode, pdb } from './harness';
import { runCases } from './run';

const prometheusPdb = pdb('prometheus', ['  minAvailable: 1', '  selector: {matchLabels: {app: prometheus}}']);
const cluster = (pods: ClusterFacts['pods']): ClusterFacts => ({ context: 'kind-test', nodes: [liveNode('n1')], pods });

describe('pdb-selects-nothing', () => {
  runCases('pdb-selects-nothing', [
    {
      name: 'a selector matching a pod template is fine',
      files: { 'web.yaml': deployment('web', { app: 'web' }, 2), 'pdb.yaml': pdb('p', ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}']) },
      expect: [],
    },
    {
      name: 'pods made by an operator: information, never a warning',
      files: { 'pdb.yaml': prometheusPdb },
      expect: ['pdb.yaml:8 information'],
      messages: ['prometheus selects no Pod or workload pod template in namespace default in the workspace'],
    },
    {
      name: 'no selector, and {} in policy/v1beta1',
      files: {
        'web.yaml': deployment('web', { app: 'web' }, 2),
        'none.yaml': pdb('none', ['  minAvailable: 1']),
        'old.yaml': pdb('old', ['  minAvailable: 1', '  selector: {}'], 'policy/v1beta1'),
      },
      expect: ['none.yaml:6 information', 'old.yaml:8 information'],
      messages: ['none has no selector, so it selects no pods.', 'In policy/v1beta1 an empty selector selects no pods'],
    },
    {
      name: 'an invalid selector is left to pdb-invalid',
      files: { 'pdb.yaml': pdb('bad', ['  minAvailable: 1', '  selector:', '    matchExpressions: [{key: app, operator: Near, values: [x]}]']) },
      expect: [],
    },
    {
      name: 'live cluster: a live pod of the namespace matches (an operator made it), so nothing to report',
      files: { 'pdb.yaml': prometheusPdb },
      cluster: cluster([{ namespace: 'default', labels: { app: 'prometheus', 'operator.prometheus.io/name': 'k8s' } }]),
      expect: [],
    },
    {
      name: 'live cluster: the namespace has pods and none matches: a warning naming namespace and context',
      files: { 'pdb.yaml': prometheusPdb },
      cluster: cluster([
        { namespace: 'default', labels: { app: 'grafana' } },
        { namespace: 'monitoring', labels: { app: 'prometheus' } },
      ]),
      expect: ['pdb.yaml:8 warning'],
      messages: ['prometheus selects no Pod or workload pod template in namespace default in the workspace, and no pod of namespace default on context kind-test matches either'],
    },
    {
      name: 'live cluster: the selector follows the PDB, with expressions',
      files: { 'pdb.yaml': pdb('p', ['  minAvailable: 1', '  selector: {matchExpressions: [{key: app, operator: In, values: [db]}, {key: tier, operator: DoesNotExist}]}']) },
      cluster: cluster([{ namespace: 'default', labels: { app: 'db', tier: 'cache' } }]),
      expect: ['pdb.yaml:8 warning'],
    },
    {
      name: 'live cluster: a namespace with no pods there tells nothing more: information, saying so',
      files: { 'pdb.yaml': prometheusPdb },
      cluster: cluster([{ namespace: 'monitoring', labels: { app: 'prometheus' } }]),
      expect: ['pdb.yaml:8 information'],
      messages: ['and namespace default has no pods on context kind-test to tell more.'],
    },
    {
      name: 'live cluster: a missing selector stays information',
      files: { 'none.yaml': pdb('none', ['  minAvailable: 1']) },
      cluster: cluster([{ namespace: 'default', labels: { app: 'web' } }]),
      expect: ['none.yaml:6 information'],
    },
    {
      name: 'live cluster: a PDB that selects a workspace template is not judged against the cluster',
      files: { 'web.yaml': deployment('web', { app: 'web' }, 2), 'pdb.yaml': pdb('p', ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}']) },
      cluster: cluster([{ namespace: 'default', labels: { app: 'other' } }]),
      expect: [],
    },
  ]);
});
