// What a context's user may do, asked of the sandbox with real client-node
// over HTTPS before acting: SelfSubjectReview for the name, and
// SelfSubjectAccessReviews whose refusals are worded as the 403 the API
// server then really answers (checked against the answer itself). The
// reviews change nothing.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cordonNode, evictPod, openCluster, permissions, reviewAccess, reviewContextAccess, whoAmI, type RequestInfo } from '../../../client/src/cluster';
import { noUnhandledRejections, suiteSandbox } from './support';

noUnhandledRejections();

const viewer = 'kube-eviction-sandbox-viewer';

describe('the access reviews, as the sandbox answers them', () => {
  const sb = suiteSandbox();
  const open = (context?: string, onRequest?: (r: RequestInfo) => void) => {
    const cluster = openCluster({ kubeconfig: sb().kubeconfigPath, ...(context ? { context } : {}) }, onRequest ? { onRequest } : {});
    return cluster;
  };
  const aWebPod = async () => (await sb().pods()).find((p) => p.metadata?.labels?.app === 'web')!.metadata!.name!;

  it('who each context\'s user is (SelfSubjectReview)', async () => {
    const admin = open();
    const readOnly = open(viewer);
    try {
      assert.equal(await whoAmI(admin), 'kube-eviction-sandbox-admin');
      assert.equal(await whoAmI(readOnly), viewer);
    } finally {
      admin.close();
      readOnly.close();
    }
  });

  it('the admin may evict and patch nodes; the context is marked so; only reviews are sent', async () => {
    const requests: RequestInfo[] = [];
    const cluster = open(undefined, (r) => requests.push(r));
    try {
      const review = await reviewAccess(cluster, permissions.evict('default', await aWebPod()), { user: 'kube-eviction-sandbox-admin' });
      assert.deepEqual(review, { ok: true, verdict: { allowed: true } });
      assert.deepEqual(await reviewContextAccess(cluster, 'default'), { user: 'kube-eviction-sandbox-admin', evict: true, patchNodes: true });
    } finally {
      cluster.close();
    }
    assert.deepEqual(
      [...new Set(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`))].sort(),
      ['POST /apis/authentication.k8s.io/v1/selfsubjectreviews', 'POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews'],
    );
  });

  it("the viewer may not evict: the review's refusal is the API server's own 403 for that pod, word for word", async () => {
    const name = await aWebPod();
    const cluster = open(viewer);
    try {
      const review = await reviewAccess(cluster, permissions.evict('default', name), { user: viewer });
      assert.ok(review.ok && !review.verdict.allowed, JSON.stringify(review));
      const answer = await evictPod(cluster, { namespace: 'default', name });
      assert.equal(answer.kind, 'forbidden');
      assert.equal(review.verdict.denial.message, answer.message);
      assert.deepEqual(review.verdict.denial.attributes, { verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: 'default', name });
      assert.equal(review.verdict.denial.source, 'review');
      assert.equal((await sb().pod('default', name))?.metadata?.deletionTimestamp, undefined, 'the pod is untouched');
    } finally {
      cluster.close();
    }
  });

  it("nor patch nodes: the cordon's 403, word for word; without the user's name, no words are made up", async () => {
    const cluster = open(viewer);
    try {
      const review = await reviewAccess(cluster, permissions.patchNodes('node-1'), { user: viewer });
      assert.ok(review.ok && !review.verdict.allowed);
      const cordon = await cordonNode(cluster, 'node-1');
      assert.equal(cordon.kind, 'forbidden');
      assert.equal(review.verdict.denial.message, cordon.kind === 'forbidden' ? cordon.message : '');
      const anonymous = await reviewAccess(cluster, permissions.patchNodes('node-1'));
      assert.ok(anonymous.ok && !anonymous.verdict.allowed && anonymous.verdict.denial.message === undefined);
    } finally {
      cluster.close();
    }
    assert.equal((await sb().node('node-1')).spec?.unschedulable, undefined, 'node-1 is not cordoned');
  });

  it('the viewer context is read-only: evictions refused in every namespace and in its own, nodes not to be patched', async () => {
    const cluster = open(viewer);
    try {
      assert.deepEqual(await reviewContextAccess(cluster, 'default'), {
        user: viewer,
        evict: false,
        patchNodes: false,
        denials: {
          evict: {
            attributes: { verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: 'default' },
            message: `pods is forbidden: User "${viewer}" cannot create resource "pods/eviction" in API group "" in the namespace "default"`,
            source: 'review',
          },
          patchNodes: {
            attributes: { verb: 'patch', group: '', resource: 'nodes' },
            message: `nodes is forbidden: User "${viewer}" cannot patch resource "nodes" in API group "" at the cluster scope`,
            source: 'review',
          },
        },
      });
    } finally {
      cluster.close();
    }
  });

  it('a server that cannot be asked: a failure, and nothing is known', async () => {
    const cluster = openCluster({ kubeconfig: sb().kubeconfigPath });
    const closed = new AbortController();
    closed.abort();
    try {
      const review = await reviewAccess(cluster, permissions.patchNodes(), { signal: closed.signal });
      assert.equal(review.ok, false);
      assert.equal(await whoAmI(cluster, closed.signal), undefined);
      assert.deepEqual(await reviewContextAccess(cluster, 'default', closed.signal), {});
    } finally {
      cluster.close();
    }
  });
});
