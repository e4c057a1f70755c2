// Code lenses on Eviction manifests: "Evict" and "Dry run", which run the
// VS Code client's eviction commands on the pod the manifest names. The
// server knows where Evictions are and what they ask for; the client knows
// the cluster context, names it in the titles and performs the eviction.
import type { CodeLens } from 'vscode-languageserver';
import { locate } from '../analysis/findings';
import type { ManifestFile } from '../analysis/manifestFile';
import type { Eviction } from '../k8s/types';
import { anchorAt } from '../rules/anchors';
import { evictionLensCommands, type EvictionTarget } from './contract';

export function evictionCodeLenses(file: ManifestFile): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const document of file.documents) {
    for (const object of document.objects) {
      if (object.kind !== 'Eviction' || !object.name) continue;
      const body = object.data as Eviction;
      const target: EvictionTarget = { name: object.name };
      if (body.metadata?.namespace) target.namespace = body.metadata.namespace;
      const grace = body.deleteOptions?.gracePeriodSeconds;
      if (typeof grace === 'number') target.gracePeriodSeconds = grace;
      const { range } = locate(anchorAt(object, ['kind']));
      // A manifest that asks for a dry run is only offered one.
      const dryRunOnly = (body.deleteOptions?.dryRun ?? []).includes('All');
      if (!dryRunOnly) lenses.push({ range, command: { title: 'Evict', command: evictionLensCommands.evict, arguments: [target] } });
      lenses.push({ range, command: { title: 'Dry run', command: evictionLensCommands.dryRun, arguments: [target] } });
    }
  }
  return lenses;
}
