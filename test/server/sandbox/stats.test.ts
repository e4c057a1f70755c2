// The sandbox's request counter: GET /sandbox/stats counting what real HTTPS
// requests arrive, by the API server's verbs, by request and by answer.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isPodReady } from '../../../server/src/k8s/pods';
import type { KubeObject, Pod } from '../../../server/src/k8s/types';
import { startSandbox, type RunningSandbox } from '../../../server/src/sandbox/sandbox';
import { statsPath, type RequestCounts } from '../../../server/src/sandbox/stats';
import { eventually } from '../../clients/helpers';
import { call, openWatch } from './https';
import { webScenario } from './scenario';
import { knobs } from '../../../server/src/sim/knobs';

function withStartup(deployment: KubeObject, seconds: number): KubeObject {
  const copy = structuredClone(deployment) as KubeObject & { spec: { template: { metadata: { annotations?: Record<string, string> } } } };
  copy.spec.template.metadata.annotations = { [knobs.startupSeconds]: String(seconds) };
  return copy;
}

describe(`GET ${statsPath}`, () => {
  let sb: RunningSandbox;
  before(async () => {
    // web's replacement takes 30 s to be Ready: the second eviction meets the budget exhausted however slow the machine.
    const manifests = webScenario().map((o) => (o.metadata?.name === 'web' && o.kind === 'Deployment' ? withStartup(o, 30) : o));
    sb = await startSandbox({ manifests, kubeconfigPath: false });
    await eventually(() => (sb.api.get('poddisruptionbudgets', 'default', 'web-pdb') as { value?: { status?: { disruptionsAllowed?: number } } }).value?.status?.disruptionsAllowed === 1, 'web-pdb to allow 1');
  });
  after(() => sb?.stop());

  const stats = async (): Promise<RequestCounts> => {
    const r = await call(sb, 'GET', statsPath);
    assert.equal(r.status, 200, r.text);
    return r.json;
  };

  test('counts each request by verb, resource and answer, and not its own', async () => {
    assert.deepEqual(await stats(), { total: 0, byVerb: {}, byRequest: {}, byResponse: {} }, 'nothing yet, and reading the counts is not counted');
    const [a, b] = (sb.api.list('pods', 'default') as Pod[]).filter((p) => p.metadata?.labels?.app === 'web' && isPodReady(p)).map((p) => p.metadata!.name!);
    const evict = (name: string) => call(sb, 'POST', `/api/v1/namespaces/default/pods/${name}/eviction`, { body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name } }) });
    assert.equal((await call(sb, 'GET', '/version', { token: null })).status, 200);
    assert.equal((await call(sb, 'GET', '/apis')).status, 200);
    assert.equal((await call(sb, 'GET', '/api/v1/namespaces/default/pods')).status, 200);
    assert.equal((await call(sb, 'GET', `/api/v1/namespaces/default/pods/${a}`)).status, 200);
    assert.equal((await call(sb, 'GET', '/api/v1/nodes', { token: 'wrong' })).status, 401);
    assert.equal((await evict(a)).status, 201);
    assert.equal((await evict(b)).status, 429);
    const watch = openWatch(sb, '/apis/policy/v1/namespaces/default/poddisruptionbudgets?watch=true');
    await eventually(() => watch.events.length > 0, 'the watch to start');
    watch.stop();
    const counted = await eventually(async () => {
      const s = await stats();
      return s.byResponse['watch poddisruptionbudgets 200'] ? s : undefined;
    }, 'the watch to be counted once it ends');
    assert.deepEqual(counted, {
      total: 8,
      byVerb: { create: 2, get: 3, list: 2, watch: 1 },
      byRequest: { 'create pods/eviction': 2, 'get discovery': 1, 'get pods': 1, 'get version': 1, 'list nodes': 1, 'list pods': 1, 'watch poddisruptionbudgets': 1 },
      byResponse: {
        'create pods/eviction 201': 1,
        'create pods/eviction 429': 1,
        'get discovery 200': 1,
        'get pods 200': 1,
        'get version 200': 1,
        'list nodes 401': 1,
        'list pods 200': 1,
        'watch poddisruptionbudgets 200': 1,
      },
    });
  });

  test('needs the token, and is read-only', async () => {
    assert.equal((await call(sb, 'GET', statsPath, { token: null })).status, 401);
    assert.equal((await call(sb, 'DELETE', statsPath)).status, 405);
  });
});
