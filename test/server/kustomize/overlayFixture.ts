// Kustomize overlays for the tests of their rendering (CLI and language server).
import { deployment, pdb, yaml } from '../rules/harness';

// A base (web, 3 replicas, under web-pdb minAvailable 1) and overlays that
// change it, rendered by the kubectl on PATH (installed by .ci/run).
export const overlayFiles: Record<string, string> = {
  'base/kustomization.yaml': yaml('resources:', '- deployment.yaml', '- pdb.yaml'),
  'base/deployment.yaml': deployment('web', { app: 'web' }, 3),
  'base/pdb.yaml': pdb('web-pdb', ['  minAvailable: 1', '  selector:', '    matchLabels: {app: web}']),
  // prod: a strategic-merge patch raises the budget to every replica.
  'overlays/prod/kustomization.yaml': yaml('namePrefix: prod-', 'resources:', '- ../../base', 'patches:', '- path: pdb-patch.yaml'),
  'overlays/prod/pdb-patch.yaml': yaml('apiVersion: policy/v1', 'kind: PodDisruptionBudget', 'metadata:', '  name: web-pdb', 'spec:', '  minAvailable: 3'),
  // scaled: a JSON 6902 patch lowers the replicas under the base's budget... and one raises the budget.
  'overlays/scaled/kustomization.yaml': yaml('resources:', '- ../../base', 'patches:', '- path: replicas.yaml', '  target: {kind: Deployment, name: web}', '- path: budget.json', '  target:', '    kind: PodDisruptionBudget', '    name: web-.*'),
  'overlays/scaled/replicas.yaml': yaml('- op: replace', '  path: /spec/replicas', '  value: 1'),
  'overlays/scaled/budget.json': '[\n  {"op": "replace", "path": "/spec/minAvailable", "value": 2}\n]\n',
  // staging: a second budget of its own over the same pods.
  'overlays/staging/kustomization.yaml': yaml('namespace: staging', 'resources:', '- ../../base', '- extra-pdb.yaml'),
  'overlays/staging/extra-pdb.yaml': pdb('extra', ['  maxUnavailable: 1', '  selector:', '    matchLabels: {app: web}']),
  // quiet: prod's patch, its finding suppressed where it is.
  'overlays/quiet/kustomization.yaml': yaml('resources:', '- ../../base', 'patches:', '- path: pdb-patch.yaml'),
  'overlays/quiet/pdb-patch.yaml': yaml('apiVersion: policy/v1', 'kind: PodDisruptionBudget', 'metadata:', '  name: web-pdb', 'spec:', '  # kube-eviction-disable-next-line pdb-blocks-eviction -- a maintenance window', '  minAvailable: 3'),
  'overlays/broken/kustomization.yaml': yaml('resources:', '- ../../base', '- missing.yaml'),
};
