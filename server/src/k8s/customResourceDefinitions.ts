// What a CustomResourceDefinition says of the versions of its custom
// resources: served or not, deprecated and with which warning, as the
// apiextensions-apiserver decides it.

export interface CustomResourceDefinitionVersion {
  name: string;
  served: boolean;
  deprecated: boolean;
  deprecationWarning?: string;
}

export interface CustomResourceDefinitionSpec {
  group: string;
  kind: string;
  versions: CustomResourceDefinitionVersion[];
}

/** The fields of a CRD manifest (apiextensions.k8s.io/v1 or v1beta1) that decide its versions. */
export interface CustomResourceDefinitionManifest {
  spec?: {
    group?: string | null;
    names?: { kind?: string | null } | null;
    /** apiextensions.k8s.io/v1beta1 only: the single version, served, when `versions` is not set. */
    version?: string | null;
    versions?: { name?: string | null; served?: boolean | null; deprecated?: boolean | null; deprecationWarning?: string | null }[] | null;
  } | null;
}

export function definitionSpec(crd: CustomResourceDefinitionManifest): CustomResourceDefinitionSpec | undefined {
  const spec = crd.spec;
  const group = spec?.group;
  const kind = spec?.names?.kind;
  if (!group || !kind) return undefined;
  let versions: CustomResourceDefinitionVersion[] = (spec.versions ?? []).flatMap((v) =>
    v.name ? [{ name: v.name, served: v.served === true, deprecated: v.deprecated === true, ...(v.deprecationWarning ? { deprecationWarning: v.deprecationWarning } : {}) }] : [],
  );
  // apiextensions/v1beta1 defaulting (SetDefaults_CustomResourceDefinitionSpec): `version` becomes the one served version.
  if (versions.length === 0 && spec.version) versions = [{ name: spec.version, served: true, deprecated: false }];
  return { group, kind, versions };
}

export type CustomResourceVersionStatus =
  | { status: 'notServed'; version: string }
  | { status: 'deprecated'; version: string; warning: string };

/** How the API server treats a custom resource of `version`: not served, deprecated (with the warning it sends), or neither. */
export function customResourceVersionStatus(spec: CustomResourceDefinitionSpec, version: string): CustomResourceVersionStatus | undefined {
  const entry = spec.versions.find((v) => v.name === version);
  if (!entry) return undefined;
  if (!entry.served) return { status: 'notServed', version };
  if (!entry.deprecated) return undefined;
  return { status: 'deprecated', version, warning: entry.deprecationWarning ?? defaultDeprecationWarning(version, spec) };
}

/**
 * apiextensions-apiserver pkg/apiserver/customresource_handler.go
 * defaultDeprecationWarning: names the newest served, non-deprecated version
 * above the deprecated one, by Kubernetes' version order.
 */
export function defaultDeprecationWarning(deprecatedVersion: string, spec: CustomResourceDefinitionSpec): string {
  const message = `${spec.group}/${deprecatedVersion} ${spec.kind} is deprecated`;
  const newer = spec.versions
    .filter((v) => v.served && !v.deprecated && compareKubeAwareVersionStrings(deprecatedVersion, v.name) < 0)
    .map((v) => v.name)
    .sort((a, b) => compareKubeAwareVersionStrings(b, a));
  return newer.length ? `${message}; use ${spec.group}/${newer[0]} ${spec.kind}` : message;
}

const kubeVersion = /^v(\d+)(?:(alpha|beta)(\d+))?$/;
const versionTypes: Record<string, number> = { alpha: 0, beta: 1, '': 2 };

function parseKubeVersion(v: string): { major: number; type: number; minor: number } | undefined {
  const match = kubeVersion.exec(v);
  if (!match) return undefined;
  return { major: Number(match[1]), type: versionTypes[match[2] ?? '']!, minor: match[2] ? Number(match[3]) : 0 };
}

/**
 * apimachinery pkg/version/helpers.go CompareKubeAwareVersionStrings: GA
 * above beta above alpha, then by major and minor (v2 > v1 > v1beta2 >
 * v1beta1 > v1alpha1); Kubernetes-like versions above the others, which
 * compare in reverse lexical order.
 */
export function compareKubeAwareVersionStrings(v1: string, v2: string): number {
  if (v1 === v2) return 0;
  const a = parseKubeVersion(v1);
  const b = parseKubeVersion(v2);
  if (!a && !b) return v2 < v1 ? -1 : v2 > v1 ? 1 : 0;
  if (!a) return -1;
  if (!b) return 1;
  if (a.type !== b.type) return a.type - b.type;
  if (a.major !== b.major) return a.major - b.major;
  return a.minor - b.minor;
}
