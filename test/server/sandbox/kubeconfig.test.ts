import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { defaultKubeconfigPath, kubeconfigYaml, writeKubeconfig } from '../../../server/src/sandbox/kubeconfig';

test('the kubeconfig: the admin context (token) made current, and the viewer context (client certificate), over one cluster with the CA', () => {
  const viewer = { cert: '-----BEGIN CERTIFICATE-----\nV\n-----END CERTIFICATE-----\n', key: '-----BEGIN PRIVATE KEY-----\nK\n-----END PRIVATE KEY-----\n' };
  const cfg = parse(kubeconfigYaml('https://127.0.0.1:6443', '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n', 'tok', viewer));
  assert.equal(cfg['current-context'], 'kube-eviction-sandbox');
  assert.deepEqual(cfg.contexts, [
    { name: 'kube-eviction-sandbox', context: { cluster: 'kube-eviction-sandbox', user: 'kube-eviction-sandbox', namespace: 'default' } },
    { name: 'kube-eviction-sandbox-viewer', context: { cluster: 'kube-eviction-sandbox', user: 'kube-eviction-sandbox-viewer', namespace: 'default' } },
  ]);
  assert.equal(cfg.clusters.length, 1);
  assert.equal(cfg.clusters[0].cluster.server, 'https://127.0.0.1:6443');
  assert.match(Buffer.from(cfg.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), /BEGIN CERTIFICATE/);
  assert.deepEqual(cfg.users[0], { name: 'kube-eviction-sandbox', user: { token: 'tok' } });
  const decoded = (field: string) => Buffer.from(cfg.users[1].user[field], 'base64').toString();
  assert.deepEqual([cfg.users[1].name, decoded('client-certificate-data'), decoded('client-key-data')], ['kube-eviction-sandbox-viewer', viewer.cert, viewer.key]);
});

test('the default path is per process, under XDG_STATE_HOME when set, else the temp dir', () => {
  assert.equal(defaultKubeconfigPath({ XDG_STATE_HOME: '/state' }, 42), '/state/kube-eviction/sandbox-42.kubeconfig');
  assert.equal(defaultKubeconfigPath({}, 42), join(tmpdir(), 'kube-eviction', 'sandbox-42.kubeconfig'));
});

test('writes owner-only; never replaces an existing file or the user\'s kubeconfig unless named explicitly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-test-'));
  const fresh = join(dir, 'sub', 'fresh');
  assert.deepEqual(writeKubeconfig(fresh, 'a', false, {}), { ok: true, path: fresh });
  assert.equal(statSync(fresh).mode & 0o777, 0o600);

  const existing = join(dir, 'existing');
  writeFileSync(existing, 'mine');
  const refused = writeKubeconfig(existing, 'b', false, {});
  assert.equal(refused.ok, false);
  assert.equal(readFileSync(existing, 'utf8'), 'mine', 'nothing lost');

  const envTarget = join(dir, 'from-env');
  assert.equal(writeKubeconfig(envTarget, 'c', false, { KUBECONFIG: `${join(dir, 'x')}:${envTarget}` }).ok, false, '$KUBECONFIG files are the user\'s');

  assert.equal(writeKubeconfig(existing, 'd', true, {}).ok, true);
  assert.equal(readFileSync(existing, 'utf8'), 'd');
});
