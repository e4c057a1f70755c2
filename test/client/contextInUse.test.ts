// The connection the view shows, against the sandbox: each state a user can
// meet (no kubeconfig, unknown context, unreachable, credentials rejected,
// ready), the context chosen in VS Code remembered apart from the kubeconfig.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { ContextInUse, type ConnectionState } from '../../client/src/contextInUse';
import { cordonNode, uncordonNode, type SnapshotChange } from '../../client/src/cluster';
import { eventually, testSandbox, type TestSandbox } from '../clients/helpers';
import { Memory } from './memory';


interface Kubeconfig {
  clusters: { name: string; cluster: { server: string } }[];
  users: { name: string; user: { token?: string } }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
  'current-context'?: string;
}

describe('ContextInUse', () => {
  let sb: TestSandbox;
  let file: string;
  let sandboxConfig: Kubeconfig;
  const opened: ContextInUse[] = [];

  /** A connection to `file`, recording its states and changes. */
  function connection(memory = new Memory()) {
    const states: ConnectionState['kind'][] = [];
    const changes: SnapshotChange[] = [];
    const c = new ContextInUse({ kubeconfig: () => file, memory, onState: (s) => states.push(s.kind), onChange: (ch) => changes.push(ch) });
    opened.push(c);
    return { c, states, changes, memory };
  }

  /** The sandbox kubeconfig plus a context whose server refuses connections and one whose token is wrong. */
  function writeKubeconfig(edit: (config: Kubeconfig) => void = () => {}): void {
    const config: Kubeconfig = structuredClone(sandboxConfig);
    const [cluster] = config.clusters;
    const [user] = config.users;
    config.clusters.push({ name: 'nowhere', cluster: { server: 'https://127.0.0.1:1' } });
    config.users.push({ name: 'intruder', user: { token: 'not-the-sandbox-token' } });
    config.contexts.push({ name: 'nowhere', context: { cluster: 'nowhere', user: user!.name } });
    config.contexts.push({ name: 'intruder', context: { cluster: cluster!.name, user: 'intruder' } });
    edit(config);
    writeFileSync(file, stringify(config));
  }

  before(async () => {
    sb = await testSandbox();
    sandboxConfig = parse(readFileSync(sb.kubeconfigPath!, 'utf8')) as Kubeconfig;
    file = join(sb.dir, 'edited-kubeconfig');
    writeKubeconfig();
  });
  after(async () => {
    for (const c of opened) c.close();
    await sb?.stop();
  });

  it('no kubeconfig: says which file it looked for', async () => {
    const c = new ContextInUse({ kubeconfig: () => join(sb.dir, 'missing'), memory: new Memory() });
    const state = await c.connect();
    assert.equal(state.kind, 'noKubeconfig');
    assert.match(state.kind === 'noKubeconfig' ? state.message : '', /the kubeconfig file .*missing does not exist/);
  });

  it('the current-context: connecting, then ready with a live snapshot of its cluster', async () => {
    const { c, states, changes } = connection();
    const state = await c.connect();
    assert.deepEqual(states, ['connecting', 'ready']);
    assert.equal(state.kind, 'ready');
    if (state.kind !== 'ready') return;
    assert.deepEqual(state.target, { context: 'kube-eviction-sandbox', cluster: sandboxConfig.clusters[0]!.name, server: sb.url, namespace: 'default', user: sandboxConfig.users[0]!.name });
    assert.equal(state.snapshot.nodes().length, 3);
    await cordonNode(state.cluster, 'node-2');
    await eventually(() => changes.some((ch) => ch.resource === 'node' && ch.object.spec?.unschedulable) || undefined, 'the cordon to reach the connection');
    await uncordonNode(state.cluster, 'node-2');
  });

  it('choosing a context reads the kubeconfig only: selected, nothing sent to its cluster', async () => {
    const { c, states } = connection();
    const state = await c.useContext('nowhere');
    assert.deepEqual(state, { kind: 'selected', target: { context: 'nowhere', cluster: 'nowhere', server: 'https://127.0.0.1:1', namespace: 'default', user: sandboxConfig.users[0]!.name } });
    assert.deepEqual(states, ['selected']);
  });

  it('a context whose server refuses connections: failed, unreachable, naming the server', async () => {
    const { c } = connection();
    await c.useContext('nowhere');
    const state = await c.connect();
    assert.equal(state.kind, 'failed');
    if (state.kind !== 'failed') return;
    assert.equal(state.failure.kind, 'unreachable');
    assert.equal(state.target.server, 'https://127.0.0.1:1');
    assert.match(state.failure.message, /cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:1/);
  });

  it('a context whose token the server rejects: failed, unauthorized, and the token is nowhere in the message', async () => {
    const { c } = connection();
    await c.connect();
    const state = await c.useContext('intruder');
    assert.equal(state.kind === 'failed' && state.failure.kind, 'unauthorized', 'once the cluster was wanted, a new context is connected to at once');
    assert.ok(!JSON.stringify(state).includes('not-the-sandbox-token'));
  });

  it('remembers the chosen context for the same kubeconfig files, without writing the kubeconfig', async () => {
    const before = readFileSync(file, 'utf8');
    const { c, memory } = connection();
    await c.useContext('nowhere');
    const listed = c.contexts();
    assert.ok(listed.ok);
    assert.equal(listed.choice.inUse, 'nowhere');
    assert.equal(listed.choice.current, 'kube-eviction-sandbox');
    assert.equal(readFileSync(file, 'utf8'), before);
    const again = connection(memory);
    assert.equal((await again.c.connect()).kind, 'failed', 'a new connection with the same memory uses the chosen context');
    assert.equal((await again.c.useContext('kube-eviction-sandbox')).kind, 'ready');
    const elsewhere = new ContextInUse({ kubeconfig: () => sb.kubeconfigPath, memory });
    opened.push(elsewhere);
    assert.equal(elsewhere.select().kind === 'selected' && elsewhere.state.kind === 'selected' && elsewhere.state.target.context, 'kube-eviction-sandbox', 'another kubeconfig file has its own choice');
  });

  it('a chosen context removed from the kubeconfig: unknown context, listing the others', async () => {
    const { c } = connection();
    await c.useContext('nowhere');
    writeKubeconfig((config) => {
      config.contexts = config.contexts.filter((ctx) => ctx.name !== 'nowhere');
    });
    try {
      const state = await c.connect();
      assert.equal(state.kind, 'unknownContext');
      if (state.kind !== 'unknownContext') return;
      assert.match(state.message, /the context chosen in VS Code, "nowhere", is not defined in the kubeconfig; choose one of: kube-eviction-sandbox, kube-eviction-sandbox-viewer, intruder/);
      assert.deepEqual(state.contexts, ['kube-eviction-sandbox', 'kube-eviction-sandbox-viewer', 'intruder']);
    } finally {
      writeKubeconfig();
    }
  });

  it('no current-context and none chosen: unknown context', async () => {
    writeKubeconfig((config) => delete config['current-context']);
    try {
      const state = await connection().c.connect();
      assert.equal(state.kind, 'unknownContext');
      assert.match(state.kind === 'unknownContext' ? state.message : '', /^the kubeconfig sets no current-context; choose one of: kube-eviction-sandbox, kube-eviction-sandbox-viewer, nowhere, intruder$/);
    } finally {
      writeKubeconfig();
    }
  });

  it('ready(): connects once, for everyone who asks meanwhile', async () => {
    const { c, states } = connection();
    assert.equal(c.select().kind, 'selected');
    const [a, b] = await Promise.all([c.ready(), c.ready()]);
    assert.equal(a.kind, 'ready');
    assert.equal(a, b);
    assert.equal(await c.ready(), a);
    assert.deepEqual(states, ['selected', 'connecting', 'ready']);
  });

  it('a newer connect wins over a slower older one', async () => {
    const { c, states } = connection();
    const slow = c.connect();
    const fast = c.connect();
    const [first, second] = await Promise.all([slow, fast]);
    assert.equal(second.kind, 'ready');
    assert.notEqual(first.kind, 'ready', 'the older one gave up');
    assert.equal(c.state, second);
    assert.deepEqual(states, ['connecting', 'connecting', 'ready']);
  });
});
