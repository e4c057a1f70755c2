// A minimal OpenAPI v3 description: for each group version, the PATCH
// operation of each kind and its `fieldValidation` query parameter. kubectl
// create/apply look there (QueryParamVerifierV3) to learn that the server
// validates fields itself; without it they demand the full OpenAPI v2
// schema and fail with "failed to download openapi". There are no schemas,
// so `kubectl explain` is not served.
// And an OpenAPI v2 document without definitions: for a kind of a group
// version v3 does not list (policy/v1beta1), kubectl falls back to
// client-side validation against v2 (paramVerifyingSchema), which skips a
// kind v2 does not define, so the RESTMapper answers `no matches for kind`
// as on a real cluster; a 404 there fails with "error validating data".
// Sources: kubectl/pkg/util/openapi and k8s.io/cli-runtime/pkg/resource/query_param_verifier_v3.go,
// kubectl/pkg/validation/schema.go (validateResource), client-go/discovery
// (OpenAPISchema: protobuf only), apiserver/pkg/endpoints/openapi (the /openapi/v3 discovery document).

import { Type } from 'protobufjs/light';
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

/** gnostic's openapi_v2 Document, the fields served (openapiv2/OpenAPIv2.proto). */
const openApiV2 = (() => {
  const info = Type.fromJSON('Info', { fields: { title: { type: 'string', id: 1 }, version: { type: 'string', id: 2 } } });
  const empty = (name: string) => Type.fromJSON(name, { fields: {} });
  const document = Type.fromJSON('Document', {
    fields: { swagger: { type: 'string', id: 1 }, info: { type: 'Info', id: 2 }, paths: { type: 'Paths', id: 8 }, definitions: { type: 'Definitions', id: 9 } },
  });
  document.add(info).add(empty('Paths')).add(empty('Definitions'));
  return document;
})();

/**
 * `GET /openapi/v2`: protobuf when asked for (kubectl asks for
 * `…spec.v2@v1.0+protobuf`), else JSON. The answer's type is the dotted form:
 * client-go's mime.ParseMediaType refuses the '@' (kube-openapi handler.go: subTypeProtobuf).
 */
export function openApiV2Document(accept: string | undefined): { contentType: string; body: Buffer } {
  const document = { swagger: '2.0', info: { title: 'Kubernetes', version: kubernetesVersion.gitVersion }, paths: {}, definitions: {} };
  if (/application\/com\.github\.proto-openapi\.spec\.v2[@.]v1\.0\+protobuf/.test(accept ?? '')) {
    return { contentType: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf', body: Buffer.from(openApiV2.encode(document).finish()) };
  }
  return { contentType: 'application/json', body: Buffer.from(JSON.stringify(document)) };
}
