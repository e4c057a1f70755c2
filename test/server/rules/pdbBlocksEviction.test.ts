import { describe } from 'node:test';
import { deployment, pdb, yaml } from './harness';
import { runCases } from './run';

const web3 = deployment('web', { app: 'web' }, 3);
const spec = (field: string) => [`  ${field}`, '  selector:', '    matchLabels: {app: web}'];

describe('pdb-blocks-eviction', () => {
  runCases('pdb-blocks-eviction', [
    {
      name: 'minAvailable "67%" of 3 replicas rounds up to 3 and blocks',
      files: { 'web.yaml': web3, 'pdb.yaml': pdb('web-pdb', spec('minAvailable: "67%"')) },
      expect: ['pdb.yaml:7 warning'],
      messages: [
        'disruptionsAllowed is always 0 (minAvailable 67% of 3 pods): expectedPods 3, desiredHealthy 3, disruptionsAllowed 0 even with all 3 pods ready. Every eviction of these pods is answered 429 (Too Many Requests), and kubectl drain retries it until its timeout.',
      ],
    },
    {
      name: 'minAvailable "66%" of 3 replicas is 2: one disruption allowed',
      files: { 'web.yaml': web3, 'pdb.yaml': pdb('web-pdb', spec('minAvailable: "66%"')) },
      expect: [],
    },
    {
      name: 'an integer minAvailable at the pod count blocks',
      files: { 'web.yaml': web3, 'pdb.yaml': pdb('web-pdb', spec('minAvailable: 3')) },
      expect: ['pdb.yaml:7 warning'],
      messages: ['expectedPods 3, desiredHealthy 3'],
    },
    {
      name: 'an integer minAvailable counts matched pods across workloads',
      files: { 'web.yaml': web3, 'web2.yaml': deployment('web2', { app: 'web' }, 1), 'pdb.yaml': pdb('web-pdb', spec('minAvailable: 3')) },
      expect: [],
    },
    {
      name: 'maxUnavailable 0 and "0%" block',
      files: { 'web.yaml': web3, 'a.yaml': pdb('a', spec('maxUnavailable: 0')), 'b.yaml': pdb('b', spec('maxUnavailable: "0%"')) },
      expect: ['a.yaml:7 warning', 'b.yaml:7 warning'],
      messages: ['maxUnavailable 0 of 3 pods', 'maxUnavailable 0% of 3 pods'],
    },
    {
      name: 'maxUnavailable "50%" of 3 is 2: allowed',
      files: { 'web.yaml': web3, 'pdb.yaml': pdb('web-pdb', spec('maxUnavailable: "50%"')) },
      expect: [],
    },
    {
      name: 'neither field set: the controller expects no pods and allows nothing',
      files: { 'web.yaml': web3, 'pdb.yaml': pdb('web-pdb', ['  selector:', '    matchLabels: {app: web}']) },
      expect: ['pdb.yaml:6 warning'],
      messages: ['with neither field set the controller expects no pods'],
    },
    {
      name: 'replicas defaults to 1, and minAvailable 1 then blocks',
      files: { 'web.yaml': deployment('web', { app: 'web' }, undefined), 'pdb.yaml': pdb('web-pdb', spec('minAvailable: 1')) },
      expect: ['pdb.yaml:7 warning'],
    },
    {
      name: 'silent for an autoscaled workload, whose replicas the manifest does not give',
      files: {
        'web.yaml': deployment('web', { app: 'web' }, undefined),
        'hpa.yaml': yaml('apiVersion: autoscaling/v2', 'kind: HorizontalPodAutoscaler', 'metadata: {name: web}', 'spec:', '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}', '  minReplicas: 2', '  maxReplicas: 5'),
        'pdb.yaml': pdb('web-pdb', spec('minAvailable: 1')),
      },
      expect: [],
    },
    {
      name: 'DaemonSet pods under maxUnavailable: the controller cannot size them and fails safe',
      files: {
        'ds.yaml': yaml('apiVersion: apps/v1', 'kind: DaemonSet', 'metadata: {name: agent}', 'spec:', '  selector: {matchLabels: {app: web}}', '  template:', '    metadata: {labels: {app: web}}', '    spec: {containers: [{name: a, image: x}]}'),
        'pdb.yaml': pdb('agent-pdb', spec('maxUnavailable: 1')),
      },
      expect: ['pdb.yaml:7 warning'],
      messages: ['daemonsets.apps does not implement the scale subresource'],
    },
    {
      name: 'silent for DaemonSet pods under an integer minAvailable (their count depends on the nodes)',
      files: {
        'ds.yaml': yaml('apiVersion: apps/v1', 'kind: DaemonSet', 'metadata: {name: agent}', 'spec:', '  selector: {matchLabels: {app: web}}', '  template:', '    metadata: {labels: {app: web}}', '    spec: {containers: [{name: a, image: x}]}'),
        'pdb.yaml': pdb('agent-pdb', spec('minAvailable: 1')),
      },
      expect: [],
    },
    {
      name: '200000 replicas under minAvailable "100%": counted, not made one by one, and still blocking',
      files: { 'web.yaml': deployment('web', { app: 'web' }, 200000), 'pdb.yaml': pdb('web-pdb', spec('minAvailable: "100%"')) },
      expect: ['pdb.yaml:7 warning'],
      messages: ['(minAvailable 100% of 200000 pods): expectedPods 200000, desiredHealthy 200000, disruptionsAllowed 0 even with all 200000 pods ready'],
    },
    {
      name: 'replicas 2147483647, the largest int32, under maxUnavailable 0',
      files: { 'web.yaml': deployment('web', { app: 'web' }, 2147483647), 'pdb.yaml': pdb('web-pdb', spec('maxUnavailable: 0')) },
      expect: ['pdb.yaml:7 warning'],
      messages: ['expectedPods 2147483647, desiredHealthy 2147483647'],
    },
    {
      name: 'replicas 1e308 or 2147483648 do not fit an int32: the API server refuses the Deployment (a parse-error), so nothing is selected',
      files: {
        'a.yaml': deployment('a', { app: 'web' }, 1e308),
        'b.yaml': deployment('b', { app: 'web' }, 2147483648),
        'pdb.yaml': pdb('web-pdb', spec('minAvailable: "100%"')),
      },
      expect: [],
    },
    {
      name: 'silent where the PDB selects nothing known',
      files: { 'pdb.yaml': pdb('web-pdb', spec('minAvailable: 5')) },
      expect: [],
    },
  ]);
});
