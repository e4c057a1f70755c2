// What a context's user may do, asked of the sandbox with real client-node
// over HTTPS before acting: SelfSubjectReview for the name, and
// SelfSubjectAccessReviews whose refusals are worded as the 403 the API
// server then really answers (checked against the answer itself). The
// reviews change nothing.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cordonNode, evictPod, openCluster, permissions, reviewAccess, reviewAction, reviewContextAccess, whoAmI, type RequestInfo } from '../../../client/src/cluster';
import { actionUnavailable } from '../../../server/src/explain/access';
import { plainText } from '../../../server/src/explain/text';
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

  describe("an action's checks, reviewed before it is sent (Drain Node: patch the node, evict in its pods' namespaces)", () => {
    const drainChecks = [permissions.patchNodes('node-1'), permissions.evict('default')];

    it('the viewer: the drain is refused before anything is sent, the reason in the words of the 403 the cordon then really gets; the context learned read-only', async () => {
      const requests: RequestInfo[] = [];
      const cluster = open(viewer, (r) => requests.push(r));
      try {
        const review = await reviewAction(cluster, drainChecks, { ownNamespace: 'default' });
        const cordonRefused = `nodes "node-1" is forbidden: User "${viewer}" cannot patch resource "nodes" in API group "" at the cluster scope`;
        assert.deepEqual(review.denial, { attributes: { verb: 'patch', group: '', resource: 'nodes', name: 'node-1' }, message: cordonRefused, source: 'review' });
        assert.deepEqual(review.unreviewed, []);
        assert.deepEqual(Object.keys(review.learned).sort(), ['denials', 'evict', 'patchNodes', 'user']);
        assert.deepEqual([review.learned.user, review.learned.evict, review.learned.patchNodes], [viewer, false, false]);
        assert.equal(review.learned.denials?.evict?.message, `pods is forbidden: User "${viewer}" cannot create resource "pods/eviction" in API group "" in the namespace "default"`);
        assert.equal(
          plainText(actionUnavailable('Drain of node node-1', viewer, review.denial!)),
          `Drain of node node-1 is not available on context "${viewer}". A SelfSubjectAccessReview says this user may not patch nodes: the API server should refuse (403): ${cordonRefused}. Nothing was sent.`,
        );
        assert.deepEqual(
          [...new Set(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`))].sort(),
          ['POST /apis/authentication.k8s.io/v1/selfsubjectreviews', 'POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews'],
          'only reviews: no cordon, no eviction',
        );
        const cordon = await cordonNode(cluster, 'node-1');
        assert.equal(cordon.kind === 'forbidden' && cordon.message, cordonRefused);
      } finally {
        cluster.close();
      }
    });

    it("the viewer's eviction of one pod: refused with that pod's 403; an eviction refused in another namespace than the context's says nothing of the context", async () => {
      const name = await aWebPod();
      const cluster = open(viewer);
      try {
        const one = await reviewAction(cluster, [permissions.evict('default', name)], { ownNamespace: 'default', user: viewer });
        assert.equal(one.denial?.message, `pods "${name}" is forbidden: User "${viewer}" cannot create resource "pods/eviction" in API group "" in the namespace "default"`);
        assert.equal(one.learned.evict, false);
        const elsewhere = await reviewAction(cluster, [permissions.evict('kube-system')], { ownNamespace: 'default', user: viewer });
        assert.ok(elsewhere.denial);
        assert.deepEqual(elsewhere.learned, { user: viewer });
      } finally {
        cluster.close();
      }
    });

    it('the admin: nothing refused; the node patch is learned allowed, an eviction allowed in one namespace says nothing of the others', async () => {
      const cluster = open();
      try {
        assert.deepEqual(await reviewAction(cluster, drainChecks, { ownNamespace: 'default' }), { learned: { user: 'kube-eviction-sandbox-admin', patchNodes: true }, unreviewed: [] });
      } finally {
        cluster.close();
      }
    });

    it('a server that cannot be asked: nothing refused, the checks left to the action\'s own answer', async () => {
      const cluster = open();
      const closed = new AbortController();
      closed.abort();
      try {
        const review = await reviewAction(cluster, drainChecks, { ownNamespace: 'default', signal: closed.signal });
        assert.equal(review.denial, undefined);
        assert.deepEqual(review.learned, {});
        assert.deepEqual(review.unreviewed.map((u) => u.attributes), drainChecks);
      } finally {
        cluster.close();
      }
    });
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
