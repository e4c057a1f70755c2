import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ClusterError } from '../../../client/src/cluster/failure';
import { kubeconfigFiles, listContexts, loadKubeconfig } from '../../../client/src/cluster/kubeconfig';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeconfig-test-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Entry {
  name: string;
  server?: string;
  user?: string;
  cluster?: string;
  namespace?: string;
  token?: string;
}

function writeConfig(file: string, opts: { clusters?: Entry[]; users?: Entry[]; contexts?: Entry[]; current?: string; raw?: string }): string {
  const p = path.join(dir, file);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  const doc = opts.raw ?? JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: (opts.clusters ?? []).map((c) => ({ name: c.name, cluster: { server: c.server ?? `https://${c.name}.invalid` } })),
    users: (opts.users ?? []).map((u) => ({ name: u.name, user: { token: u.token ?? `token-of-${u.name}` } })),
    contexts: (opts.contexts ?? []).map((c) => ({ name: c.name, context: { cluster: c.cluster ?? c.name, user: c.user ?? c.name, ...(c.namespace ? { namespace: c.namespace } : {}) } })),
    ...(opts.current ? { 'current-context': opts.current } : {}),
  });
  fs.writeFileSync(p, doc);
  return p;
}

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ClusterError, `expected a ClusterError, got ${String(err)}`);
    assert.equal(err.failure.kind, 'config');
    return err.failure.message;
  }
  assert.fail('expected a ClusterError');
}

describe('kubeconfig files as kubectl finds them', () => {
  it('uses --kubeconfig alone, else $KUBECONFIG split on the path separator without empties or duplicates, else ~/.kube/config', () => {
    assert.deepEqual(kubeconfigFiles({ kubeconfig: '/x/explicit', env: { KUBECONFIG: '/a' } }), { explicit: true, files: ['/x/explicit'] });
    assert.deepEqual(kubeconfigFiles({ env: { KUBECONFIG: `/a${path.delimiter}${path.delimiter}/b${path.delimiter}/a` } }), { explicit: false, files: ['/a', '/b'] });
    assert.deepEqual(kubeconfigFiles({ env: { HOME: '/home/u' } }), { explicit: false, files: ['/home/u/.kube/config'] });
  });

  it('reads ~/.kube/config when $KUBECONFIG is unset', () => {
    const home = path.join(dir, 'home');
    writeConfig('home/.kube/config', { clusters: [{ name: 'c' }], users: [{ name: 'u' }], contexts: [{ name: 'ctx', cluster: 'c', user: 'u', namespace: 'team' }], current: 'ctx' });
    const loaded = loadKubeconfig({ env: { HOME: home } });
    assert.equal(loaded.context.name, 'ctx');
    assert.equal(loaded.cluster.server, 'https://c.invalid');
    assert.equal(loaded.namespace, 'team');
    assert.equal(loaded.kubeConfig.getCurrentContext(), 'ctx');
  });
});

describe('merging several files (clientcmd loader rules)', () => {
  const first = writeConfig('merge/first', {
    clusters: [{ name: 'shared', server: 'https://first.invalid' }],
    users: [{ name: 'alice', token: 'first-token' }],
    contexts: [{ name: 'dev', cluster: 'shared', user: 'alice' }],
  });
  const second = writeConfig('merge/second', {
    clusters: [{ name: 'shared', server: 'https://second.invalid' }, { name: 'prod', server: 'https://prod.invalid' }],
    users: [{ name: 'alice', token: 'second-token' }, { name: 'bob' }],
    contexts: [{ name: 'dev', cluster: 'prod', user: 'bob' }, { name: 'prod', cluster: 'prod', user: 'bob' }],
    current: 'prod',
  });
  const third = writeConfig('merge/third', { contexts: [{ name: 'other', cluster: 'prod', user: 'bob' }], current: 'other' });
  const env = { KUBECONFIG: [first, path.join(dir, 'merge/missing'), second, third].join(path.delimiter) };

  it('skips missing files, and the first file to define a name wins', () => {
    const loaded = loadKubeconfig({ env, context: 'dev' });
    assert.deepEqual(loaded.files, [first, second, third]);
    assert.equal(loaded.cluster.server, 'https://first.invalid');
    assert.equal(loaded.user?.token, 'first-token');
    assert.deepEqual(loaded.context, { name: 'dev', cluster: 'shared', user: 'alice' });
  });

  it('takes current-context from the first file that sets one', () => {
    const loaded = loadKubeconfig({ env });
    assert.equal(loaded.context.name, 'prod');
    assert.equal(loaded.cluster.server, 'https://prod.invalid');
    assert.deepEqual(listContexts({ env }), {
      current: 'prod',
      contexts: [
        { name: 'dev', cluster: 'shared', user: 'alice' },
        { name: 'prod', cluster: 'prod', user: 'bob' },
        { name: 'other', cluster: 'prod', user: 'bob' },
      ],
    });
  });

  it('--context switches the context without touching the files', () => {
    const before = fs.readFileSync(second, 'utf8');
    assert.equal(loadKubeconfig({ env, context: 'other' }).context.name, 'other');
    assert.equal(fs.readFileSync(second, 'utf8'), before);
  });
});

describe('clear errors', () => {
  it('no kubeconfig at all', () => {
    assert.match(configError(() => loadKubeconfig({ env: { HOME: path.join(dir, 'nobody') } })), /^no kubeconfig found: .*nobody\/\.kube\/config does not exist and \$KUBECONFIG is not set$/);
    assert.match(configError(() => loadKubeconfig({ env: { KUBECONFIG: path.join(dir, 'none') } })), /^no kubeconfig found: none of the files in \$KUBECONFIG exist/);
  });

  it('an explicit --kubeconfig that does not exist', () => {
    assert.match(configError(() => loadKubeconfig({ kubeconfig: path.join(dir, 'absent.yaml') })), /^the kubeconfig file .*absent\.yaml does not exist$/);
  });

  it('an unknown context names the defined ones', () => {
    const file = writeConfig('ctx/one', { clusters: [{ name: 'c' }], users: [{ name: 'u' }], contexts: [{ name: 'a', cluster: 'c', user: 'u' }, { name: 'b', cluster: 'c', user: 'u' }], current: 'a' });
    assert.match(configError(() => loadKubeconfig({ kubeconfig: file, context: 'staging' })), /^context "staging" is not defined in the kubeconfig \(.*\); defined contexts: a, b$/);
  });

  it('no current-context', () => {
    const file = writeConfig('ctx/none', { clusters: [{ name: 'c' }], users: [{ name: 'u' }], contexts: [{ name: 'a', cluster: 'c', user: 'u' }] });
    assert.match(configError(() => loadKubeconfig({ kubeconfig: file })), /sets no current-context; choose one of: a$/);
  });

  it('a context whose cluster or user is not defined', () => {
    const file = writeConfig('ctx/dangling', { clusters: [{ name: 'c' }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'gone', user: 'u' }, { name: 'y', cluster: 'c', user: 'ghost' }], current: 'x' });
    assert.equal(configError(() => loadKubeconfig({ kubeconfig: file })), 'context "x" refers to cluster "gone", which is not defined in the kubeconfig');
    assert.equal(configError(() => loadKubeconfig({ kubeconfig: file, context: 'y' })), 'context "y" refers to user "ghost", which is not defined in the kubeconfig');
  });

  it('a file that is not YAML says where, never what (it may hold a token)', () => {
    const secret = 'sha256~SECRET-TOKEN-do-not-print';
    const file = writeConfig('bad/yaml', { raw: `users:\n- name: u\n  user:\n    token: ${secret}\n  : [unclosed\n` });
    const message = configError(() => loadKubeconfig({ kubeconfig: file }));
    assert.match(message, /^cannot read kubeconfig .*bad\/yaml: it is not valid YAML \(line \d+\)$/);
    assert.ok(!message.includes(secret));
  });

  it('an empty file is an empty config', () => {
    const file = writeConfig('empty/config', { raw: '\n' });
    assert.match(configError(() => loadKubeconfig({ kubeconfig: file })), /sets no current-context; choose one of: \(none defined\)$/);
  });
});

describe('paths in a kubeconfig are relative to its file', () => {
  it('resolves certificate, key and exec command paths against the file, leaving bare commands to PATH', () => {
    const file = path.join(dir, 'rel/config');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      JSON.stringify({
        clusters: [{ name: 'c', cluster: { server: 'https://c.invalid', 'certificate-authority': 'certs/ca.pem' } }],
        users: [
          { name: 'cert', user: { 'client-certificate': 'certs/client.pem', 'client-key': 'certs/client-key.pem' } },
          { name: 'plugin', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './bin/get-token' } } },
          { name: 'onpath', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'get-token' } } },
        ],
        contexts: [
          { name: 'cert', context: { cluster: 'c', user: 'cert' } },
          { name: 'plugin', context: { cluster: 'c', user: 'plugin' } },
          { name: 'onpath', context: { cluster: 'c', user: 'onpath' } },
        ],
        'current-context': 'cert',
      }),
    );
    const base = path.dirname(file);
    const cert = loadKubeconfig({ kubeconfig: file });
    assert.equal(cert.cluster.caFile, path.join(base, 'certs/ca.pem'));
    assert.equal(cert.user?.certFile, path.join(base, 'certs/client.pem'));
    assert.equal(cert.user?.keyFile, path.join(base, 'certs/client-key.pem'));
    assert.equal(loadKubeconfig({ kubeconfig: file, context: 'plugin' }).user?.exec.command, path.join(base, 'bin/get-token'));
    assert.equal(loadKubeconfig({ kubeconfig: file, context: 'onpath' }).user?.exec.command, 'get-token');
  });
});
