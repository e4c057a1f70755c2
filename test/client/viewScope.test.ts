// The namespaces the Cluster view shows, per context, kept in VS Code's
// state; and what a context's user was refused, learned from the answers.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ViewScopes } from '../../client/src/viewScope';
import { Memory } from './memory';


const target = (context: string) => ({ context, cluster: 'c', server: 'https://s', namespace: 'default' });

describe('ViewScopes', () => {
  it('a filter per context, sorted and without repeats, kept in the memory (a new ViewScopes reads it back); empty: every namespace', async () => {
    const memory = new Memory();
    let changes = 0;
    const scopes = new ViewScopes(memory, () => (changes += 1));
    await scopes.showNamespaces('prod', ['shop', 'default', 'shop']);
    assert.deepEqual(new ViewScopes(memory).namespaces('prod'), ['default', 'shop']);
    assert.equal(scopes.namespaces('dev'), undefined, 'another context shows every namespace');
    assert.deepEqual(scopes.scope(target('prod')), { target: target('prod'), namespaces: ['default', 'shop'] });
    await scopes.showNamespaces('prod', []);
    assert.equal(scopes.namespaces('prod'), undefined);
    assert.equal(changes, 2);
  });

  it('what the user was refused, per context; telling it again changes nothing', () => {
    let changes = 0;
    const scopes = new ViewScopes(new Memory(), () => (changes += 1));
    scopes.learn('viewer', { evict: false });
    scopes.learn('viewer', { patchNodes: false });
    scopes.learn('viewer', { evict: false });
    assert.deepEqual(scopes.scope(target('viewer')).access, { evict: false, patchNodes: false });
    assert.equal(scopes.scope(target('admin')).access, undefined);
    assert.equal(changes, 2);
  });
});
