// The REST face against hostile or odd requests: deeply nested unknown
// fields (which once stored a budget that made every list of budgets fail),
// unknown fields under each fieldValidation, copy bombs, and a huge body
// without credentials.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../../server/src/sandbox/sandbox';
import { call } from './https';
import { node, pdb } from './scenario';

/** `{"a":{"a":…1…}}`, `levels` objects deep. */
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

const budgetWith = (name: string, extra: string) =>
  `{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"${name}"},"spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"x"}}}${extra}}`;

const budgets = '/apis/policy/v1/namespaces/default/poddisruptionbudgets';
const asTable = { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io, application/json' };

describe('hostile requests', () => {
  let sb: RunningSandbox;
  before(async () => (sb = await startSandbox({ manifests: [node('n1'), pdb('web-pdb', { minAvailable: 1, selector: { matchLabels: { app: 'web' } } })], kubeconfigPath: false })));
  after(() => sb?.stop());

  /** Lists, as JSON and as kubectl's Table, and the names listed. */
  async function listedBudgets(): Promise<string[]> {
    const table = await call(sb, 'GET', budgets, { headers: asTable });
    assert.equal(table.status, 200, table.text.slice(0, 300));
    const list = await call(sb, 'GET', budgets);
    assert.equal(list.status, 200, list.text.slice(0, 300));
    return list.json.items.map((i: { metadata: { name: string } }) => i.metadata.name);
  }

  test('an unknown field nested up to 10,000 levels is dropped as the API server drops it; budgets are still listed, read and deleted', async () => {
    // The object's own level counts: `x` holds levels - 1 more.
    for (const levels of [2000, 3000, 10000]) {
      const name = `deep-${levels}`;
      const body = budgetWith(name, `,"x":${nested(levels - 1)}`);
      for (const dryRun of [true, false]) {
        const r = await call(sb, 'POST', `${budgets}${dryRun ? '?dryRun=All' : ''}`, { body });
        assert.equal(r.status, 201, r.text.slice(0, 300));
        assert.equal(r.headers.warning, '299 - "unknown field \\"x\\""');
        assert.equal(r.json.x, undefined);
        assert.deepEqual(await listedBudgets(), dryRun ? ['web-pdb'] : [name, 'web-pdb'], `${levels} levels${dryRun ? ', dry run' : ''}`);
      }
      const got = await call(sb, 'GET', `${budgets}/${name}`);
      assert.deepEqual([got.status, got.json.x, got.json.spec], [200, undefined, { minAvailable: 1, selector: { matchLabels: { app: 'x' } } }]);
      assert.equal((await call(sb, 'DELETE', `${budgets}/${name}`)).status, 200);
      assert.deepEqual(await listedBudgets(), ['web-pdb']);
    }
    const namespace = await call(sb, 'POST', '/api/v1/namespaces', { body: `{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"deep"},"spec":{"finalizers":[],"x":${nested(4000)}}}` });
    assert.equal(namespace.status, 201, namespace.text.slice(0, 300));
    assert.equal(namespace.headers.warning, '299 - "unknown field \\"spec.x\\""');
    assert.equal((await call(sb, 'GET', '/api/v1/namespaces', { headers: asTable })).status, 200);
  });

  test('past 10,000 levels: the JSON decoder\'s 400, with and without dryRun, nothing stored', async () => {
    for (const query of ['', '?dryRun=All']) {
      const r = await call(sb, 'POST', `${budgets}${query}`, { body: budgetWith('too-deep', `,"x":${nested(10000)}`) });
      assert.equal(r.status, 400);
      assert.equal(r.json.message, `the object provided is unrecognized (must be of type PodDisruptionBudget): couldn't get version/kind; json parse error: invalid character '{' exceeded max depth ({"apiVersion":"policy/v1","kin ...)`);
    }
    assert.deepEqual(await listedBudgets(), ['web-pdb']);
  });

  test('fieldValidation: Strict refuses unknown fields in the decoder\'s words, Ignore drops them silently, anything else is 422', async () => {
    const body = budgetWith('strict', ',"spec2":{"a":1}').replace('"minAvailable":1', '"minAvailable":1,"foo":"bar","selector2":{}').replace('"matchLabels"', '"bogus":1,"matchLabels"');
    const strict = await call(sb, 'POST', `${budgets}?fieldManager=kubectl-create&fieldValidation=Strict`, { body });
    assert.equal(strict.status, 400);
    assert.equal(
      strict.json.message,
      'PodDisruptionBudget in version "v1" cannot be handled as a PodDisruptionBudget: strict decoding error: unknown field "spec.foo", unknown field "spec.selector2", unknown field "spec.selector.bogus", unknown field "spec2"',
    );
    assert.equal(strict.headers.warning, undefined);
    // A field of the wrong type is the decoder's first error.
    const typed = await call(sb, 'POST', `${budgets}?fieldValidation=Strict`, { body: body.replace('"minAvailable":1', '"minAvailable":true') });
    assert.equal(typed.json.message, 'PodDisruptionBudget in version "v1" cannot be handled as a PodDisruptionBudget: json: cannot unmarshal bool into Go value of type int32');
    const ignored = await call(sb, 'POST', `${budgets}?fieldValidation=Ignore`, { body });
    assert.deepEqual([ignored.status, ignored.headers.warning, ignored.json.spec.foo], [201, undefined, undefined]);
    const bad = await call(sb, 'POST', `${budgets}?fieldValidation=Loose&dryRun=Now`, { body });
    assert.equal(bad.status, 422);
    assert.equal(
      bad.json.message,
      'CreateOptions.meta.k8s.io "" is invalid: [dryRun: Unsupported value: []string{"Now"}: supported values: "All", fieldValidation: Unsupported value: "Loose": supported values: "", "Ignore", "Strict", "Warn"]',
    );
  });

  test('unknown fields of a container in a pod template are named with their position', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'odd', managedFields: [{ manager: 'x', fieldsV1: JSON.parse(nested(500)) }] },
      spec: { replicas: 0, selector: { matchLabels: { app: 'odd' } }, template: { metadata: { labels: { app: 'odd' } }, spec: { containers: [{ name: 'a', image: 'a' }, { name: 'b', image: 'b', restartPolicyy: 'Always' }] } } },
    };
    const r = await call(sb, 'POST', '/apis/apps/v1/namespaces/default/deployments', { body: JSON.stringify(deployment) });
    assert.equal(r.status, 201);
    assert.equal(r.headers.warning, '299 - "unknown field \\"spec.template.spec.containers[1].restartPolicyy\\""');
    assert.equal(r.json.metadata.managedFields, undefined, 'the sandbox keeps no managed fields');
  });

  test('PATCH: the patched object is decoded as a create is; Strict refuses with the patch, Warn (the default) warns', async () => {
    const path = `${budgets}/web-pdb`;
    const smp = await call(sb, 'PATCH', `${path}?fieldValidation=Strict`, { body: '{"spec":{"foo2":"bar","minAvailable":2}}', headers: { 'Content-Type': 'application/strategic-merge-patch+json' } });
    assert.equal(smp.status, 422);
    assert.equal(smp.json.message, ' "" is invalid: patch: Invalid value: "map[spec:map[foo2:bar minAvailable:2]]": strict decoding error: unknown field "spec.foo2"');
    const merge = await call(sb, 'PATCH', `${path}?fieldValidation=Strict`, { body: '{"spec":{"q":1}}', headers: { 'Content-Type': 'application/merge-patch+json' } });
    assert.equal(merge.status, 422);
    assert.match(merge.json.message, /^ "" is invalid: patch: Invalid value: "\{\\"apiVersion\\":\\"policy\/v1\\",\\"kind\\":\\"PodDisruptionBudget\\",\\"metadata\\":\{.*\\"spec\\":\{\\"minAvailable\\":1,\\"q\\":1,.*": strict decoding error: unknown field "spec.q"$/);
    const warned = await call(sb, 'PATCH', path, { body: `[{"op":"add","path":"/spec/q","value":${nested(5000)}},{"op":"replace","path":"/spec/minAvailable","value":3}]`, headers: { 'Content-Type': 'application/json-patch+json' } });
    assert.equal(warned.status, 200, warned.text.slice(0, 300));
    assert.equal(warned.headers.warning, '299 - "unknown field \\"spec.q\\""');
    assert.deepEqual(warned.json.spec, { minAvailable: 3, selector: { matchLabels: { app: 'web' } } });
    assert.deepEqual(await listedBudgets(), ['strict', 'web-pdb']);
  });

  test('a JSON Patch whose copies double the object is refused at the API server\'s 3 MiB of copies', async () => {
    // Each copy of /spec/m into itself doubles it: 40 of them would be a terabyte.
    const ops = [{ op: 'add', path: '/spec/m', value: { pad: 'x'.repeat(1000) } }, ...Array.from({ length: 40 }, (_, i) => ({ op: 'copy', from: '/spec/m', path: `/spec/m/c${i}` }))];
    const r = await call(sb, 'PATCH', '/api/v1/nodes/n1', { body: JSON.stringify(ops), headers: { 'Content-Type': 'application/json-patch+json' } });
    assert.equal(r.status, 422);
    assert.equal(r.json.message, 'the server rejected our request due to an error in our request');
    assert.equal((await call(sb, 'GET', '/api/v1/nodes/n1')).json.spec?.m, undefined);
  });

  test('no credentials and a 100 MB body: 401 before any body limit', async () => {
    const body = Buffer.alloc(100 * 1024 * 1024, 0x7b);
    for (const token of [null, 'not-the-token']) {
      const r = await call(sb, 'POST', budgets, { token, body });
      assert.equal(r.status, 401);
      assert.equal(r.json.reason, 'Unauthorized');
    }
    assert.equal((await call(sb, 'GET', '/healthz')).text, 'ok');
  });
});
