// What the Cluster view says, and offers, when it shows no cluster.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectionState } from '../../../client/src/contextInUse';
import { commandIds } from '../../../client/src/commandIds';
import { stateMessage } from '../../../client/src/explorer/stateMessage';
import { unreachable as unreachableText } from '../../../server/src/explain/cluster';
import { plainText } from '../../../server/src/explain/text';

const target = { context: 'eu-prod', cluster: 'eu', server: 'https://k8s.example:6443', namespace: 'default' };
const actions = (state: ConnectionState) => stateMessage(state)?.actions.map((a) => a.command);

describe('stateMessage', () => {
  it('no kubeconfig: where it looked, and the setting to name one', () => {
    const m = stateMessage({ kind: 'noKubeconfig', message: 'no kubeconfig found: /home/u/.kube/config does not exist and $KUBECONFIG is not set' })!;
    assert.equal(m.message, 'No kubeconfig found: /home/u/.kube/config does not exist and $KUBECONFIG is not set. Kube Eviction reads the kubeconfig kubectl reads ($KUBECONFIG, else ~/.kube/config), or the file named in the kubeEviction.kubeconfig setting.');
    assert.deepEqual(actions({ kind: 'noKubeconfig', message: 'x' }), [commandIds.openKubeconfigSetting, commandIds.refresh]);
  });

  it('an unknown context: choose one', () => {
    assert.deepEqual(actions({ kind: 'unknownContext', message: 'x', contexts: [] }), [commandIds.selectContext, commandIds.openKubeconfigSetting]);
  });

  it('a failure: the context, and the explanation the commands and the CLI give', () => {
    const unreachable: ConnectionState = { kind: 'failed', target, failure: { kind: 'unreachable', cause: 'dns', server: target.server, message: `cannot reach the Kubernetes API server at ${target.server}: its host name could not be resolved (DNS)` } };
    assert.equal(stateMessage(unreachable)!.message, `Context eu-prod: Cannot reach the API server at ${target.server}. ${plainText(unreachableText(target.server, 'dns').details)}`);
    assert.deepEqual(actions(unreachable), [commandIds.refresh, commandIds.selectContext]);
    const expired: ConnectionState = { kind: 'failed', target, failure: { kind: 'credentials', message: 'the exec credential plugin "aws" failed; its output is not shown because it may contain credentials' } };
    assert.match(stateMessage(expired)!.message, /^Context eu-prod: No credentials for this context\. The exec credential plugin "aws" failed; its output is not shown because it may contain credentials\. Check the user of the context/);
    assert.deepEqual(actions(expired), [commandIds.refresh, commandIds.selectContext, commandIds.openKubeconfigSetting]);
    assert.deepEqual(actions({ kind: 'failed', target, failure: { kind: 'other', message: 'boom' } }), [commandIds.refresh, commandIds.selectContext, commandIds.showLog]);
  });

  it('reading: says which cluster, offers nothing yet; ready: says nothing', () => {
    assert.deepEqual(stateMessage({ kind: 'connecting', target }), { message: 'Reading the cluster of context eu-prod (https://k8s.example:6443)…', actions: [] });
    assert.equal(stateMessage({ kind: 'ready', target } as unknown as ConnectionState), undefined);
  });
});
