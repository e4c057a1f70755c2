// Code lenses on Eviction manifests: "Evict" and "Dry run", which run the
// VS Code client's eviction commands on the pod the manifest names. The
// server knows where Evictions are and what they ask for; the client knows
// the cluster context, names it in the titles and performs the eviction. A
// manifest the API server would refuse gets neither, only a lens saying so.
import type { CodeLens } from 'vscode-languageserver';
import { locate } from '../analysis/findings';
import type { ManifestFile } from '../analysis/manifestFile';
import { validateDeleteOptions } from '../k8s/deleteOptions';
import { checkEvictionRequest } from '../k8s/eviction';
import type { Eviction } from '../k8s/types';
import { invalidStatus } from '../k8s/validation';
import { anchorAt } from '../analysis/anchors';
import { evictionLensCommands, type EvictionTarget } from './contract';

/** The code the API server would refuse the manifest with (the checks of the eviction-invalid rule), if it would. */
function refusedCode(namespace: string, name: string, body: Eviction): number | undefined {
  const rejected = checkEvictionRequest(namespace, name, body);
  if (rejected) return rejected.code;
  const errors = body.deleteOptions ? validateDeleteOptions(body.deleteOptions) : [];
  return errors.length ? invalidStatus('DeleteOptions', 'meta.k8s.io', '', errors).code : undefined;
}

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
      const refused = refusedCode(object.namespace, object.name, body);
      if (refused) {
        // The lenses would send a valid Eviction of their own, which the API server may well accept: not this manifest.
        lenses.push({ range, command: { title: `Not offered: the API server would refuse this Eviction (${refused}), see Problems`, command: '' } });
        continue;
      }
      // A manifest that asks for a dry run is only offered one.
      const dryRunOnly = (body.deleteOptions?.dryRun ?? []).includes('All');
      if (!dryRunOnly) lenses.push({ range, command: { title: 'Evict', command: evictionLensCommands.evict, arguments: [target] } });
      lenses.push({ range, command: { title: 'Dry run', command: evictionLensCommands.dryRun, arguments: [target] } });
    }
  }
  return lenses;
}
