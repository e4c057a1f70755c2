import { describe } from 'node:test';
import { yaml } from './harness';
import { runCases } from './run';

const pod = (tolerations: string) => yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers: []', '  tolerations:', `  - ${tolerations}`);

describe('toleration-invalid', () => {
  runCases('toleration-invalid', [
    { name: 'valid tolerations', files: { 'p.yaml': pod('{key: a, operator: Equal, value: "1", effect: NoSchedule}'), 'q.yaml': pod('{operator: Exists}') }, expect: [] },
    { name: 'an empty key needs Exists', files: { 'p.yaml': pod('{key: "", operator: Equal}') }, expect: ['p.yaml:7 error'], messages: ['operator must be Exists when `key` is empty, which means "match all values and all keys"'] },
    { name: 'Exists needs an empty value', files: { 'p.yaml': pod('{key: a, operator: Exists, value: x}') }, expect: ['p.yaml:7 error'], messages: ["value must be empty when `operator` is 'Exists'"] },
    { name: 'tolerationSeconds needs NoExecute', files: { 'p.yaml': pod('{key: a, operator: Exists, effect: NoSchedule, tolerationSeconds: 60}') }, expect: ['p.yaml:7 error'], messages: ["effect must be 'NoExecute' when `tolerationSeconds` is set"] },
    { name: 'unknown operator and effect', files: { 'p.yaml': pod('{key: a, operator: Like, effect: Sometimes}') }, expect: ['p.yaml:7 error', 'p.yaml:7 error'], messages: ['Unsupported value: "Like": supported values: "Equal", "Exists"', 'Unsupported value: "Sometimes"'] },
    {
      name: 'node taints: effect required, unique by key and effect',
      files: { 'n.yaml': yaml('apiVersion: v1', 'kind: Node', 'metadata: {name: n}', 'spec:', '  taints:', '  - {key: a}', '  - {key: b, effect: NoSchedule}', '  - {key: b, value: x, effect: NoSchedule}') },
      expect: ['n.yaml:6 error', 'n.yaml:8 error'],
      messages: ['spec.taints[0].effect: Required value', 'taints must be unique by key and effect pair'],
    },
  ]);
});
