// What the CustomResourceDefinitions of the workspace say of a custom
// resource's version (see ../k8s/customResourceDefinitions).
import { customResourceVersionStatus, definitionSpec, type CustomResourceDefinitionManifest, type CustomResourceVersionStatus } from '../k8s/customResourceDefinitions';
import type { ManifestObject } from './manifestFile';
import { at, get, stringValue, type Node } from './tree';
import type { WorkspaceIndex } from './workspaceIndex';

export interface DefinedVersion {
  crd: ManifestObject;
  /** The version's entry in the CRD's `spec.versions`, where it has one. */
  entry: Node | undefined;
  status: CustomResourceVersionStatus;
}

/** The object's version as a CRD of the workspace marks it: not served (first), else deprecated; undefined when none does. */
export function definedVersion(index: WorkspaceIndex, object: ManifestObject): DefinedVersion | undefined {
  const version = object.apiVersion.slice(object.apiVersion.indexOf('/') + 1);
  let deprecated: DefinedVersion | undefined;
  for (const crd of index.definitionsOf(object)) {
    const spec = definitionSpec(crd.data as CustomResourceDefinitionManifest);
    const status = spec && customResourceVersionStatus(spec, version);
    if (!status) continue;
    const versions = at(crd.node, ['spec', 'versions']);
    const entry = versions?.type === 'seq' ? versions.items.find((item) => stringValue(get(item, 'name')) === version) : undefined;
    const found = { crd, entry, status };
    if (status.status === 'notServed') return found;
    deprecated ??= found;
  }
  return deprecated;
}
