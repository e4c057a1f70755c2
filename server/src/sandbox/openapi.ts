// A minimal OpenAPI v3 description: for each group version, the PATCH
// operation of each kind and its `fieldValidation` query parameter. kubectl
// create/apply look there (QueryParamVerifierV3) to learn that the server
// validates fields itself; without it they demand the full OpenAPI v2
// schema and fail with "failed to download openapi". There are no schemas,
// so `kubectl explain` is not served.
// Sources: kubectl/pkg/util/openapi and k8s.io/cli-runtime/pkg/resource/query_param_verifier_v3.go,
// apiserver/pkg/endpoints/openapi (the /openapi/v3 discovery document).

import { resources } from '../sim/api';
import { groupVersionOf, kubernetesVersion } from './discovery';

const pathOf = (groupVersion: string) => (groupVersion.includes('/') ? `apis/${groupVersion}` : `api/${groupVersion}`);

const groupVersions = [...new Set(resources.map(groupVersionOf))];

/** `GET /openapi/v3`: where each group version's document lives. */
export function openApiV3Root() {
  return {
    paths: Object.fromEntries(groupVersions.map((gv) => [pathOf(gv), { serverRelativeURL: `/openapi/v3/${pathOf(gv)}?hash=${kubernetesVersion.gitVersion}` }])),
  };
}

const queryParameter = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });

/** `GET /openapi/v3/api/v1` and `/openapi/v3/apis/{group}/{version}`, or undefined for another path. */
export function openApiV3Document(path: string) {
  const groupVersion = groupVersions.find((gv) => pathOf(gv) === path);
  if (!groupVersion) return undefined;
  const paths: Record<string, unknown> = {};
  for (const r of resources.filter((x) => groupVersionOf(x) === groupVersion)) {
    const item = r.namespaced ? `/${path}/namespaces/{namespace}/${r.resource}/{name}` : `/${path}/${r.resource}/{name}`;
    paths[item] = {
      patch: {
        operationId: `patch${r.namespaced ? 'Namespaced' : ''}${r.kind}`,
        parameters: ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map(queryParameter),
        responses: { '200': { description: 'OK' } },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: kubernetesVersion.gitVersion }, paths, components: { schemas: {} } };
}
