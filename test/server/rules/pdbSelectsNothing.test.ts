import { describe } from 'node:test';
import { deployment, pdb } from './harness';
import { runCases } from './run';

describe('pdb-selects-nothing', () => {
  runCases('pdb-selects-nothing', [
    {
      name: 'a selector matching a pod template is fine',
      files: { 'web.yaml': deployment('web', { app: 'web' }, 2), 'pdb.yaml': pdb('p', ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}']) },
      expect: [],
    },
    {
      name: 'pods made by an operator: information, never a warning',
      files: { 'pdb.yaml': pdb('prometheus', ['  minAvailable: 1', '  selector: {matchLabels: {app: prometheus}}']) },
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
  ]);
});
