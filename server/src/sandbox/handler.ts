// The Kubernetes REST face of the simulator: routes each HTTP request to the
// synchronous ClusterApi and writes the answer as the API server would.
// Every decision runs to completion inside one call into the simulator, so
// concurrent requests (kubectl drain evicts all pods of a node at once) are
// serialised there, as the PDB status write serialises them on a real server.
// Sources: apiserver/pkg/endpoints/handlers/{get,create,update,patch,delete,watch}.go,
// apiserver/pkg/endpoints/handlers/negotiation, apiserver/pkg/endpoints/filters (authentication, then authorization).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { fieldSelectorFor, objectMatchesFieldSelector } from '../k8s/fields';
import { parseSelector, selectorMatches, selectorToString, labelSelectorAsSelector } from '../k8s/labels';
import { badRequest, internalError, methodNotAllowed, unauthorized, unsupportedMediaType } from '../k8s/status';
import type { DeleteOptions, Eviction, KubeObject, LabelSelector, Status } from '../k8s/types';
import { fieldErrors, goQuote, invalidStatus, type FieldError } from '../k8s/validation';
import { decodeError } from '../sim/schema';
import type { ClusterApi, ResourceInfo, Result, WriteOptions } from '../sim/api';
import type { Authenticator } from './authentication';
import { authorize, requestVerb, type UserInfo } from './authorization';
import { boundNesting, decodeObject, mediaType, readBody, type Expected } from './body';
import { dropUnknownFields, fieldValidationOf, fieldValidationValues, strictDecodingError, unknownFieldErrors, warningHeaders, type FieldValidation } from './fieldValidation';
import { goJsonMarshal, goJsonSyntaxError, goMapString } from './gojson';
import { apiGroupDocument, apiGroupList, apiResourceList, apiVersions, groupVersionOf, versionInfo } from './discovery';
import { openApiV2Document, openApiV3Document, openApiV3Root } from './openapi';
import { listPage } from './paging';
import { applyPatch, patchTypes, type PatchType } from './patch';
import { decodeReviewProtobuf, protobufMediaType, review, type ReviewResource } from './reviews';
import { parsePath } from './routes';
import { RequestStats, statsPath } from './stats';
import { partialObjectMetadata, toTable, type IncludeObject } from './table';
import { serveWatch } from './watch';

export interface HandlerOptions {
  api: ClusterApi;
  authenticate: Authenticator;
  /** host:port clients reach the server at, for `/api`'s serverAddressByClientCIDRs. */
  serverAddress: () => string;
  /** Milliseconds of wall time between watch bookmarks (the API server sends one a minute). */
  bookmarkIntervalMs?: number;
  /** Runs before each request is served (the real-time driver brings the virtual clock up to now). */
  beforeRequest?: () => void;
}

export interface SandboxHandler {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Ends every open watch stream. */
  closeWatches(): void;
}

type ResourceRoute = { info: ResourceInfo; namespace?: string; name?: string; subresource?: string };
type Obj = KubeObject & Record<string, unknown>;

/** The generic 404 for paths and kinds the server does not serve. */
const pathNotFound: Status = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server could not find the requested resource',
  reason: 'NotFound',
  details: {},
  code: 404,
};

function sendJson(res: ServerResponse, code: number, body: unknown, headers: Headers = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const sendStatus = (res: ServerResponse, status: Status, headers?: Headers) => sendJson(res, status.code, status, headers);

const isWatch = (query: URLSearchParams) => query.get('watch') === 'true' || query.get('watch') === '1';

/** What the client asked the object to be rendered as (`Accept: …;as=Table;g=meta.k8s.io;v=v1`). */
type Rendering = { as: 'Object' } | { as: 'Table'; version: 'v1' | 'v1beta1' } | { as: 'PartialObjectMetadata'; version: 'v1' | 'v1beta1' };

function negotiateRendering(accept: string | undefined): Rendering {
  for (const clause of (accept ?? '').split(',')) {
    const [type, ...params] = clause.split(';').map((p) => p.trim());
    const p = Object.fromEntries(params.map((kv) => kv.split('=').map((s) => s.trim())));
    const version = p.v === 'v1beta1' ? 'v1beta1' : p.v === 'v1' ? 'v1' : undefined;
    if (p.as === 'Table' && p.g === 'meta.k8s.io' && version) return { as: 'Table', version };
    if ((p.as === 'PartialObjectMetadata' || p.as === 'PartialObjectMetadataList') && p.g === 'meta.k8s.io' && version) return { as: 'PartialObjectMetadata', version };
    // Protobuf is answered with JSON: every client here also takes JSON.
    if (!p.as && /^(application\/(json|yaml|vnd\.kubernetes\.protobuf|\*)|\*\/\*)$/.test(type ?? '')) return { as: 'Object' };
  }
  return { as: 'Object' };
}

/** A JSON patch body with its nesting bounded as a decoded body's is (boundNesting); anything else is left for the patch's own errors. */
function boundPatchNesting(text: string): string {
  return goJsonSyntaxError(text) === undefined ? JSON.stringify(boundNesting(JSON.parse(text))) : text;
}

function sortByKey(objects: KubeObject[]): KubeObject[] {
  const key = (o: KubeObject) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
  return [...objects].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

type WriteQuery = { ok: true; opts: WriteOptions; values: string[]; fieldValidation: FieldValidation } | { ok: false; status: Status };

/**
 * `ValidateDryRun` (only `All` is a dry-run value) and, for creates, updates
 * and patches, `ValidateFieldValidation`. The Options kind names the verb.
 */
function writeOptions(query: URLSearchParams, optionsKind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions' | 'DeleteOptions'): WriteQuery {
  const values = query.getAll('dryRun');
  const errors: FieldError[] = [];
  if (values.some((v) => v !== 'All')) {
    const rendered = `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
    errors.push(fieldErrors.notSupported('dryRun', rendered, ['All']));
  }
  const fieldValidation = query.get('fieldValidation') ?? '';
  if (optionsKind !== 'DeleteOptions' && !(fieldValidationValues as readonly string[]).includes(fieldValidation)) {
    errors.push(fieldErrors.notSupported('fieldValidation', goQuote(fieldValidation), fieldValidationValues));
  }
  if (errors.length) return { ok: false, status: invalidStatus(optionsKind, 'meta.k8s.io', '', errors) };
  return { ok: true, opts: values.length ? { dryRun: true } : {}, values, fieldValidation: fieldValidationOf(fieldValidation) };
}

type Headers = Record<string, string | string[]>;

/**
 * Drops the fields `kind` does not have from a decoded body. Warn (the
 * default) answers a Warning header for each; Strict refuses the body with
 * `refuse(message)`, unless a field of the wrong type fails decoding first.
 */
function checkFields(object: Record<string, unknown>, kind: string, directive: FieldValidation, refuse: (message: string) => Status): { ok: true; headers: Headers } | { ok: false; status: Status } {
  const errors = unknownFieldErrors(dropUnknownFields(kind, object));
  if (errors.length === 0 || directive === 'Ignore') return { ok: true, headers: {} };
  if (directive === 'Warn') return { ok: true, headers: { Warning: warningHeaders(errors) } };
  return { ok: false, status: decodeError(kind, object) ?? refuse(strictDecodingError(errors)) };
}

/** The create and update handlers' decode error (transformDecodeError) for a body of this kind and version. */
const cannotHandle = (object: KubeObject, expectedKind: string) => (message: string) =>
  badRequest(`${object.kind} in version ${goQuote((object.apiVersion ?? '').split('/').pop() ?? '')} cannot be handled as a ${expectedKind}: ${message}`);

export function createHandler(options: HandlerOptions): SandboxHandler {
  const { api } = options;
  const watches = new Set<() => void>();
  const stats = new RequestStats();
  const bookmarkIntervalMs = options.bookmarkIntervalMs ?? 60_000;

  const expectedFor = (info: ResourceInfo): Expected => ({ kind: info.kind, group: info.group, groupVersions: [groupVersionOf(info)] });

  function render(info: ResourceInfo, rendering: Rendering, include: IncludeObject) {
    return (o: KubeObject): unknown => {
      if (rendering.as === 'Table') return { ...toTable(info.resource, [o], api.resourceVersion(), api.clock.now(), include), apiVersion: `meta.k8s.io/${rendering.version}` };
      if (rendering.as === 'PartialObjectMetadata') return { ...partialObjectMetadata(o), apiVersion: `meta.k8s.io/${rendering.version}` };
      return o;
    };
  }

  /** Label and field selectors of a list or watch, or the 400 for a malformed one. */
  function selection(info: ResourceInfo, query: URLSearchParams): { ok: true; selects: (o: KubeObject) => boolean } | { ok: false; status: Status } {
    const labels = parseSelector(query.get('labelSelector') ?? '');
    if (!labels.ok) return { ok: false, status: badRequest(labels.error) };
    const fields = fieldSelectorFor(info.kind, query.get('fieldSelector') ?? '');
    if (!fields.ok) return { ok: false, status: badRequest(fields.error) };
    return {
      ok: true,
      selects: (o) => objectMatchesFieldSelector(info.kind, fields.selector, o) && selectorMatches(labels.selector, o.metadata?.labels),
    };
  }

  function list(req: IncomingMessage, res: ServerResponse, r: ResourceRoute, query: URLSearchParams): void {
    const sel = selection(r.info, query);
    if (!sel.ok) return sendStatus(res, sel.status);
    const rendering = negotiateRendering(req.headers.accept);
    const include = (query.get('includeObject') as IncludeObject | null) ?? 'Metadata';
    if (isWatch(query)) {
      const timeoutSeconds = Number(query.get('timeoutSeconds'));
      const stop = serveWatch(res, {
        api,
        info: r.info,
        namespace: r.namespace,
        selects: sel.selects,
        resourceVersion: query.get('resourceVersion') ?? undefined,
        sendInitialEvents: query.get('sendInitialEvents') === 'true',
        allowBookmarks: query.get('allowWatchBookmarks') === 'true',
        // Without a timeout the API server picks 30 to 60 minutes.
        timeoutMs: (Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds : 1800) * 1000,
        bookmarkIntervalMs,
        render: render(r.info, rendering, include),
      });
      if (typeof stop !== 'function') return sendStatus(res, stop);
      watches.add(stop);
      res.on('close', () => watches.delete(stop));
      return;
    }
    const filtered = query.has('labelSelector') || query.has('fieldSelector');
    // The page is cut from the stored objects (list's select sees them, uncopied); only what it serves is copied.
    const selected: KubeObject[] = [];
    api.list(r.info.resource, r.namespace, (o) => {
      if (sel.selects(o)) selected.push(o);
      return false;
    });
    const paged = listPage(sortByKey(selected), query, api.resourceVersion(), filtered);
    if (!paged.ok) return sendStatus(res, paged.status);
    const served = new Set(paged.page.items);
    const { items: _stored, ...listMeta } = paged.page;
    const items = sortByKey(api.list(r.info.resource, r.namespace, (o) => served.has(o)));
    const metadata = { resourceVersion: listMeta.resourceVersion, ...(listMeta.continue ? { continue: listMeta.continue } : {}), ...(listMeta.remainingItemCount !== undefined ? { remainingItemCount: listMeta.remainingItemCount } : {}) };
    if (rendering.as === 'Table') {
      return sendJson(res, 200, { ...toTable(r.info.resource, items, listMeta.resourceVersion, api.clock.now(), include), metadata, apiVersion: `meta.k8s.io/${rendering.version}` });
    }
    if (rendering.as === 'PartialObjectMetadata') {
      return sendJson(res, 200, {
        kind: 'PartialObjectMetadataList',
        apiVersion: `meta.k8s.io/${rendering.version}`,
        metadata,
        items: items.map((o) => ({ ...partialObjectMetadata(o), apiVersion: `meta.k8s.io/${rendering.version}` })),
      });
    }
    // List items carry no kind or apiVersion on the wire; the list does.
    const wireItems = items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
    sendJson(res, 200, { kind: `${r.info.kind}List`, apiVersion: groupVersionOf(r.info), metadata, items: wireItems });
  }

  function sendResult(req: IncomingMessage, res: ServerResponse, info: ResourceInfo, result: Result<KubeObject | Status>, code: number, headers: Headers = {}): void {
    if (!result.ok) return sendStatus(res, result.status, headers);
    const value = result.value;
    if (value.kind === 'Status') return sendJson(res, (value as Status).code || code, value, headers);
    const rendering = negotiateRendering(req.headers.accept);
    sendJson(res, code, render(info, rendering, 'Metadata')(value), headers);
  }

  /** `autoscaling/v1` Scale of a workload, for the `scale` subresource. */
  function toScale(obj: Obj) {
    const spec = (obj.spec ?? {}) as { replicas?: number; selector?: LabelSelector };
    const status = (obj.status ?? {}) as { replicas?: number };
    const selector = labelSelectorAsSelector(spec.selector);
    const meta = obj.metadata ?? {};
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion, creationTimestamp: meta.creationTimestamp },
      spec: { replicas: spec.replicas ?? 1 },
      status: { replicas: status.replicas ?? 0, selector: selector.ok ? selectorToString(selector.selector) : '' },
    };
  }

  /** `checkName` of the update handler, plus the namespace check every write does. */
  function checkNameAndNamespace(obj: KubeObject, r: ResourceRoute): Status | undefined {
    const name = obj.metadata?.name ?? '';
    if (r.name !== undefined && name !== r.name) return badRequest(`the name of the object (${name}) does not match the name on the URL (${r.name})`);
    return ensureNamespace(obj, r);
  }

  /** `EnsureObjectNamespaceMatchesRequestNamespace`: fills in an empty namespace, clears it for cluster-scoped kinds. */
  function ensureNamespace(obj: KubeObject, r: ResourceRoute): Status | undefined {
    const meta = (obj.metadata ??= {});
    const requestNamespace = r.info.namespaced || r.subresource === 'eviction' ? (r.namespace ?? '') : '';
    const objNamespace = meta.namespace ?? '';
    if (objNamespace === requestNamespace) return undefined;
    if (objNamespace === '') meta.namespace = requestNamespace;
    else if (requestNamespace === '') delete meta.namespace;
    else return badRequest('the namespace of the provided object does not match the namespace sent on the request');
    return undefined;
  }

  async function create(req: IncomingMessage, res: ServerResponse, r: ResourceRoute, query: URLSearchParams): Promise<void> {
    const dry = writeOptions(query, 'CreateOptions');
    if (!dry.ok) return sendStatus(res, dry.status);
    const body = await readBody(req);
    if (!body.ok) return sendStatus(res, body.status, { Connection: 'close' });
    const decoded = decodeObject(body, req.headers['content-type'], expectedFor(r.info));
    if (!decoded.ok) return sendStatus(res, decoded.status);
    const fields = checkFields(decoded.object, r.info.kind, dry.fieldValidation, cannotHandle(decoded.object, r.info.kind));
    if (!fields.ok) return sendStatus(res, fields.status);
    const mismatch = ensureNamespace(decoded.object, r);
    if (mismatch) return sendStatus(res, mismatch);
    sendResult(req, res, r.info, api.create(r.info.resource, r.namespace, decoded.object, dry.opts), 201, fields.headers);
  }

  async function evict(req: IncomingMessage, res: ServerResponse, r: ResourceRoute, query: URLSearchParams): Promise<void> {
    const dry = writeOptions(query, 'CreateOptions');
    if (!dry.ok) return sendStatus(res, dry.status);
    const body = await readBody(req);
    if (!body.ok) return sendStatus(res, body.status, { Connection: 'close' });
    // The eviction subresource accepts policy/v1 and policy/v1beta1 bodies (AcceptsGroupVersion).
    const decoded = decodeObject(body, req.headers['content-type'], { kind: 'Eviction', group: 'policy', groupVersions: ['policy/v1', 'policy/v1beta1'] });
    if (!decoded.ok) return sendStatus(res, decoded.status);
    const fields = checkFields(decoded.object, 'Eviction', dry.fieldValidation, cannotHandle(decoded.object, 'Eviction'));
    if (!fields.ok) return sendStatus(res, fields.status);
    const mismatch = ensureNamespace(decoded.object, r);
    if (mismatch) return sendStatus(res, mismatch);
    const { status, headers } = api.evict(r.namespace ?? '', r.name ?? '', decoded.object as Eviction, dry.values);
    sendStatus(res, status, { ...fields.headers, ...headers });
  }

  /** PUT and PATCH: the new object (or Scale) is computed here, the write semantics live in the simulator. */
  async function write(req: IncomingMessage, res: ServerResponse, r: ResourceRoute, query: URLSearchParams, method: 'PUT' | 'PATCH'): Promise<void> {
    const dry = writeOptions(query, method === 'PUT' ? 'UpdateOptions' : 'PatchOptions');
    if (!dry.ok) return sendStatus(res, dry.status);
    let patchType: PatchType | undefined;
    if (method === 'PATCH') {
      const type = mediaType(req.headers['content-type']);
      patchType = patchTypes.find((t) => t === type);
      if (!patchType) return sendStatus(res, unsupportedMediaType(type, patchTypes));
    }
    const body = await readBody(req);
    if (!body.ok) return sendStatus(res, body.status, { Connection: 'close' });
    const name = r.name ?? '';
    const current = api.get(r.info.resource, r.namespace, name);
    if (!current.ok) return sendStatus(res, current.status);
    const scale = r.subresource === 'scale';
    const expected: Expected = scale ? { kind: 'Scale', group: 'autoscaling', groupVersions: ['autoscaling/v1'] } : expectedFor(r.info);

    let next: Obj;
    let fields: ReturnType<typeof checkFields>;
    if (patchType) {
      const base = scale ? toScale(current.value as Obj) : current.value;
      const patch = boundPatchNesting(body.text);
      const patched = applyPatch(patchType, base, patch);
      if (!patched.ok) return sendStatus(res, patched.status);
      next = patched.value as Obj;
      // patch.go: the patched object is decoded strictly; a refusal shows the patch (strategic merge) or the patched object.
      const strategic = patchType === 'application/strategic-merge-patch+json';
      const patchedJson = dry.fieldValidation === 'Strict' && !strategic ? goJsonMarshal(next) : '';
      const shown = () => (strategic ? goMapString(JSON.parse(patch)) : patchedJson);
      fields = checkFields(next, expected.kind, dry.fieldValidation, (message) => invalidStatus('', '', '', [fieldErrors.invalid('patch', goQuote(shown()), message)]));
    } else {
      const decoded = decodeObject(body, req.headers['content-type'], expected);
      if (!decoded.ok) return sendStatus(res, decoded.status);
      next = decoded.object;
      fields = checkFields(next, expected.kind, dry.fieldValidation, cannotHandle(next, expected.kind));
    }
    if (!fields.ok) return sendStatus(res, fields.status);
    const invalid = checkNameAndNamespace(next, r);
    if (invalid) return sendStatus(res, invalid);
    if (scale) {
      const replicas = (next.spec as { replicas?: unknown } | undefined)?.replicas;
      const workload = structuredClone(current.value) as Obj;
      workload.spec = { ...(workload.spec as object), replicas };
      if (next.metadata?.resourceVersion) workload.metadata = { ...workload.metadata, resourceVersion: next.metadata.resourceVersion };
      const updated = api.update(r.info.resource, r.namespace, name, workload, undefined, dry.opts);
      if (!updated.ok) return sendStatus(res, updated.status, fields.headers);
      return sendJson(res, 200, toScale(updated.value as Obj), fields.headers);
    }
    const subresource = r.subresource === 'status' ? 'status' : undefined;
    sendResult(req, res, r.info, api.update(r.info.resource, r.namespace, name, next, subresource, dry.opts), 200, fields.headers);
  }

  async function remove(req: IncomingMessage, res: ServerResponse, r: ResourceRoute, query: URLSearchParams): Promise<void> {
    const dry = writeOptions(query, 'DeleteOptions');
    if (!dry.ok) return sendStatus(res, dry.status);
    const body = await readBody(req);
    if (!body.ok) return sendStatus(res, body.status, { Connection: 'close' });
    let deleteOptions: DeleteOptions = {};
    // kubectl drain --disable-eviction sends its DeleteOptions as protobuf.
    if (body.text.trim() !== '') {
      const decoded = decodeObject(body, req.headers['content-type'], { kind: 'DeleteOptions', group: 'meta.k8s.io', groupVersions: ['v1', 'meta.k8s.io/v1'] });
      if (!decoded.ok) return sendStatus(res, decoded.status);
      deleteOptions = decoded.object as DeleteOptions;
    }
    const grace = query.get('gracePeriodSeconds');
    if (grace !== null) {
      if (!/^-?\d+$/.test(grace)) return sendStatus(res, badRequest(`strconv.ParseInt: parsing ${JSON.stringify(grace)}: invalid syntax`));
      deleteOptions.gracePeriodSeconds = Number(grace);
    }
    const propagation = query.get('propagationPolicy');
    if (propagation !== null) deleteOptions.propagationPolicy = propagation;
    if (dry.values.length) deleteOptions.dryRun = dry.values;
    sendResult(req, res, r.info, api.delete(r.info.resource, r.namespace, r.name ?? '', deleteOptions, dry.opts), 200);
  }

  /** POST of a review: decoded as any create, answered without storing anything. */
  async function createReview(req: IncomingMessage, res: ServerResponse, r: ReviewResource, user: UserInfo): Promise<void> {
    if (req.method !== 'POST') return sendStatus(res, methodNotAllowed());
    const body = await readBody(req);
    if (!body.ok) return sendStatus(res, body.status, { Connection: 'close' });
    let object: (KubeObject & Record<string, unknown>) | undefined;
    if (mediaType(req.headers['content-type']) === protobufMediaType) {
      object = decodeReviewProtobuf(body.bytes, r);
      if (!object) return sendStatus(res, badRequest(`the object provided is unrecognized (must be of type ${r.kind}): the protobuf body does not parse`));
    } else {
      const decoded = decodeObject(body.text, req.headers['content-type'], { kind: r.kind, group: r.group, groupVersions: [groupVersionOf(r)] });
      if (!decoded.ok) return sendStatus(res, decoded.status);
      object = decoded.object;
    }
    const answer = review(r, user, object);
    return 'status' in answer ? sendStatus(res, answer.status) : sendJson(res, answer.code, answer.body);
  }

  async function resource(req: IncomingMessage, res: ServerResponse, r: ResourceRoute, query: URLSearchParams, user: UserInfo): Promise<void> {
    const method = req.method ?? 'GET';
    const verb = requestVerb(method, r.name !== undefined, isWatch(query));
    const denied = authorize(user, { verb, group: r.info.group, resource: r.info.resource, subresource: r.subresource, namespace: r.namespace, name: r.name });
    if (denied) return sendStatus(res, denied);
    if (r.subresource === 'eviction') {
      if (method === 'POST') return evict(req, res, r, query);
      return sendStatus(res, methodNotAllowed());
    }
    if (r.name === undefined) {
      if (method === 'GET') return list(req, res, r, query);
      // Creating a namespaced object needs its namespace in the URL.
      if (method === 'POST' && (!r.info.namespaced || r.namespace !== undefined)) return create(req, res, r, query);
      return sendStatus(res, methodNotAllowed());
    }
    switch (method) {
      case 'GET': {
        const got = api.get(r.info.resource, r.namespace, r.name);
        if (got.ok && r.subresource === 'scale') return sendJson(res, 200, toScale(got.value as Obj));
        return sendResult(req, res, r.info, got, 200);
      }
      case 'PUT':
      case 'PATCH':
        return write(req, res, r, query, method);
      case 'DELETE':
        if (r.subresource !== undefined) return sendStatus(res, methodNotAllowed());
        return remove(req, res, r, query);
      default:
        return sendStatus(res, methodNotAllowed());
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'https://sandbox.invalid');
    } catch {
      return sendStatus(res, badRequest('malformed request URL'));
    }
    options.beforeRequest?.();
    if (url.pathname === statsPath) {
      if (!options.authenticate(req)) return sendStatus(res, unauthorized());
      return req.method === 'GET' ? sendJson(res, 200, stats.counts()) : sendStatus(res, methodNotAllowed());
    }
    const r = parsePath(url.pathname);
    const answered = stats.record(r.kind === 'resource' || r.kind === 'review' ? requestVerb(req.method ?? 'GET', r.kind === 'resource' && r.name !== undefined, isWatch(url.searchParams)) : (req.method ?? 'GET').toLowerCase(), r);
    res.on('close', () => answered(res.statusCode));
    // /version and the health checks are public, as system:public-info-viewer makes them on a real cluster.
    if (r.kind === 'version') return sendJson(res, 200, versionInfo());
    if (r.kind === 'health') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end('ok');
      return;
    }
    const user = options.authenticate(req);
    if (!user) return sendStatus(res, unauthorized());
    const method = req.method ?? 'GET';
    switch (r.kind) {
      case 'apiVersions':
      case 'apiGroupList':
      case 'apiGroup':
      case 'resourceList': {
        if (method !== 'GET') return sendStatus(res, methodNotAllowed());
        const doc =
          r.kind === 'apiVersions' ? apiVersions(options.serverAddress()) : r.kind === 'apiGroupList' ? apiGroupList() : r.kind === 'apiGroup' ? apiGroupDocument(r.group) : apiResourceList(r.groupVersion);
        return doc ? sendJson(res, 200, doc) : sendStatus(res, pathNotFound);
      }
      case 'openapi': {
        const doc = r.path === '' ? openApiV3Root() : openApiV3Document(r.path);
        return doc ? sendJson(res, 200, doc) : sendStatus(res, pathNotFound);
      }
      case 'openapiV2': {
        const { contentType, body } = openApiV2Document(req.headers.accept);
        res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length });
        res.end(body);
        return;
      }
      case 'resource':
        return resource(req, res, r, url.searchParams, user);
      case 'review':
        return createReview(req, res, r.review, user);
      default:
        return sendStatus(res, pathNotFound);
    }
  }

  return {
    handle(req, res) {
      route(req, res)
        .catch((e: unknown) => {
          // Never crash on a request: a bug becomes a 500 for this request only.
          sendStatus(res, internalError(e instanceof Error ? e.message : String(e)));
        })
        // A body left unread (an early error) is drained, so the client can finish sending and read the answer.
        .finally(() => req.readableEnded || req.resume());
    },
    closeWatches() {
      for (const stop of [...watches]) stop();
      watches.clear();
    },
  };
}
