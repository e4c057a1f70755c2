import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Secrets } from '../../../client/src/cluster/secrets';

describe('Secrets', () => {
  it('scrubs kubeconfig credentials, decoded client keys and exec env values', () => {
    const s = new Secrets();
    const key = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIabc\n-----END EC PRIVATE KEY-----';
    s.addUser({
      name: 'u',
      token: 'tok-123456',
      password: 'hunter22',
      keyData: Buffer.from(key).toString('base64'),
      authProvider: { name: 'oidc', config: { 'id-token': 'oidc-id-token', 'client-id': 'k8s' } },
      exec: { command: 'x', env: [{ name: 'API_KEY', value: 'exec-env-secret' }] },
    });
    const text = `a tok-123456 b hunter22 c ${key} d oidc-id-token e exec-env-secret f k8s`;
    // 'k8s' is shorter than the minimum and stays: short values would mangle ordinary words.
    assert.equal(s.redact(text), 'a [redacted] b [redacted] c [redacted] d [redacted] e [redacted] f k8s');
  });

  it('learns bearer and basic credentials from Authorization headers', () => {
    const s = new Secrets();
    s.addAuthorization('Bearer plugin-made-token');
    s.addAuthorization(`Basic ${Buffer.from('admin:pa55word').toString('base64')}`);
    assert.equal(s.redact('x plugin-made-token y pa55word'), 'x [redacted] y [redacted]');
  });

  it('redacts failure messages', () => {
    const s = new Secrets();
    s.add('abcdef');
    assert.deepEqual(s.redactFailure({ kind: 'other', message: 'echo abcdef' }), { kind: 'other', message: 'echo [redacted]' });
  });
});
