import { describe } from 'node:test';
import { deployment, yaml } from './harness';
import { runCases } from './run';

const eviction = (name: string | undefined, extra: string[] = []) =>
  yaml('apiVersion: policy/v1', 'kind: Eviction', 'metadata:', ...(name ? [`  name: ${name}`] : ['  namespace: default']), ...extra);
const sts = yaml('apiVersion: apps/v1', 'kind: StatefulSet', 'metadata: {name: db}', 'spec:', '  replicas: 2', '  selector: {matchLabels: {app: db}}', '  template: {metadata: {labels: {app: db}}, spec: {containers: []}}');

describe('eviction-invalid', () => {
  runCases('eviction-invalid', [
    { name: 'a StatefulSet pod by ordinal', files: { 'e.yaml': eviction('db-1'), 's.yaml': sts }, expect: [] },
    { name: 'a Deployment pod by its generated name', files: { 'e.yaml': eviction('web-7d4b9c8f5-x2x4z'), 'd.yaml': deployment('web', { app: 'web' }, 2) }, expect: [] },
    {
      name: 'a pod not in the workspace: information',
      files: { 'e.yaml': eviction('db-2'), 's.yaml': sts },
      expect: ['e.yaml:4 information'],
      messages: ['No pod db-2 in namespace default in the workspace'],
    },
    { name: 'no name: 400', files: { 'e.yaml': eviction(undefined) }, expect: ['e.yaml:3 error'], messages: ['The eviction subresource answers 400: name in URL does not match name in Eviction object'] },
    {
      name: 'dryRun other than All: 422 from the delete',
      files: { 'e.yaml': eviction('db-0', ['deleteOptions:', '  dryRun: [Server]']), 's.yaml': sts },
      expect: ['e.yaml:6 error'],
      messages: ['The pod delete is refused with 422: DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Server"}: supported values: "All"'],
    },
    {
      name: 'propagationPolicy: unknown, or with orphanDependents',
      files: { 'e.yaml': eviction('db-0', ['deleteOptions:', '  propagationPolicy: Later', '  orphanDependents: true']), 's.yaml': sts },
      expect: ['e.yaml:6 error'],
      messages: ['orphanDependents and deletionPropagation cannot be both set, propagationPolicy: Unsupported value: "Later"'],
    },
    {
      name: 'a negative grace period is treated as 1 second',
      files: { 'e.yaml': eviction('db-0', ['deleteOptions:', '  gracePeriodSeconds: -5']), 's.yaml': sts },
      expect: ['e.yaml:6 information'],
      messages: ['gracePeriodSeconds -5 is treated as 1'],
    },
  ]);
});
