// What the VS Code client tells the language server of the kubeEviction
// settings: only those set in some scope, so that .kube-eviction.yaml's
// apply where the user set nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explicitOnly } from '../../client/src/explicitSettings';

type Inspection = { key: string; defaultValue?: unknown; globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown };

/** VS Code's inspect over declared settings (with defaults) and the scopes that set some of them. */
function inspector(defaults: Record<string, unknown>, set: Record<string, Partial<Inspection>>) {
  return (key: string): Inspection | undefined => (key in defaults ? { key, defaultValue: defaults[key], ...set[key] } : undefined);
}

describe('explicitOnly', () => {
  const defaults = { kubernetesVersion: '1.32', rules: {}, exclude: ['**/node_modules/**'], maxFileSize: 5242880, 'kustomize.renderOverlays': false, 'analysis.useLiveCluster': true };
  const effective = { kubernetesVersion: '1.32', rules: { 'pdb-conflict': 'off' }, exclude: ['**/node_modules/**'], maxFileSize: 5242880, kustomize: { renderOverlays: true }, analysis: { useLiveCluster: true } };

  const cases: { name: string; set: Record<string, Partial<Inspection>>; expected: unknown }[] = [
    { name: 'nothing set: nothing sent', set: {}, expected: {} },
    {
      name: 'user, workspace and folder values are sent; defaults are not',
      set: { rules: { globalValue: { 'pdb-conflict': 'off' } }, 'kustomize.renderOverlays': { workspaceValue: true }, maxFileSize: { workspaceFolderValue: 5242880 } },
      expected: { rules: { 'pdb-conflict': 'off' }, maxFileSize: 5242880, kustomize: { renderOverlays: true } },
    },
    { name: 'a value set to the default still counts as set', set: { kubernetesVersion: { globalValue: '1.32' } }, expected: { kubernetesVersion: '1.32' } },
  ];
  for (const { name, set, expected } of cases) {
    it(name, () => assert.deepEqual(explicitOnly(effective, inspector(defaults, set)), expected));
  }
});
