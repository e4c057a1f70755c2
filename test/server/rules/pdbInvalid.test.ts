import { describe } from 'node:test';
import { pdb } from './harness';
import { runCases } from './run';

describe('pdb-invalid', () => {
  runCases('pdb-invalid', [
    { name: '0, "0%" and "100%" are valid', files: { 'a.yaml': pdb('a', ['  minAvailable: 0']), 'b.yaml': pdb('b', ['  maxUnavailable: "0%"']), 'c.yaml': pdb('c', ['  minAvailable: "100%"']) }, expect: [] },
    {
      name: 'both fields set',
      files: { 'pdb.yaml': pdb('p', ['  minAvailable: 1', '  maxUnavailable: 1']) },
      expect: ['pdb.yaml:8 error'],
      messages: ['minAvailable and maxUnavailable cannot be both set'],
    },
    {
      name: 'negative, malformed and over-100% values, with the server\'s messages',
      files: { 'a.yaml': pdb('a', ['  minAvailable: -1']), 'b.yaml': pdb('b', ['  maxUnavailable: "5"']), 'c.yaml': pdb('c', ['  minAvailable: 150%']) },
      expect: ['a.yaml:7 error', 'b.yaml:7 error', 'c.yaml:7 error'],
      messages: [
        /^spec\.minAvailable: must be greater than or equal to 0\. The API server rejects it \(422\): spec\.minAvailable: Invalid value: -1: must be greater than or equal to 0$/,
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        'must not be greater than 100%',
      ],
    },
    {
      name: 'unsupported unhealthyPodEvictionPolicy',
      files: { 'pdb.yaml': pdb('p', ['  minAvailable: 1', '  unhealthyPodEvictionPolicy: Sometimes']) },
      expect: ['pdb.yaml:8 error'],
      messages: ['spec.unhealthyPodEvictionPolicy: Unsupported value: "Sometimes": supported values: "AlwaysAllow", "IfHealthyBudget"'],
    },
    {
      name: 'selector operator and values',
      files: {
        'pdb.yaml': pdb('p', [
          '  minAvailable: 1',
          '  selector:',
          '    matchExpressions:',
          '    - {key: app, operator: Near, values: [x]}',
          '    - {key: app, operator: In}',
          '    - {key: app, operator: Exists, values: [x]}',
        ]),
      },
      expect: ['pdb.yaml:10 error', 'pdb.yaml:11 error', 'pdb.yaml:12 error'],
      messages: ['not a valid selector operator', "must be specified when `operator` is 'In' or 'NotIn'", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
    },
  ]);
});
