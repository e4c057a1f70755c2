// The output channel never shows a token or a key: the credentials of the
// clusters in use, and anything shaped like one.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Secrets } from '../../client/src/cluster/secrets';
import { Log } from '../../client/src/log';

function recording() {
  const lines: string[] = [];
  const sink = { info: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`), error: (m: string) => lines.push(`error ${m}`) };
  return { lines, log: new Log(sink) };
}

describe('Log', () => {
  it('scrubs the credentials of every cluster it watches, while it watches it', () => {
    const { lines, log } = recording();
    const secrets = new Secrets();
    secrets.addUser({ name: 'u', token: 's3cr3t-token-value', keyData: Buffer.from('-----BEGIN EC PRIVATE KEY-----\nabc\n-----END EC PRIVATE KEY-----').toString('base64') } as never);
    log.info('before watching: s3cr3t-token-value');
    const release = log.watch({ secrets });
    log.warn('the server echoed s3cr3t-token-value back');
    log.error(`a key: ${Buffer.from('-----BEGIN EC PRIVATE KEY-----\nabc\n-----END EC PRIVATE KEY-----').toString('base64')}`);
    release();
    log.info('closed: s3cr3t-token-value');
    assert.deepEqual(lines, ['info before watching: s3cr3t-token-value', 'warn the server echoed [redacted] back', 'error a key: [redacted]', 'info closed: s3cr3t-token-value']);
  });

  it('scrubs bearer tokens and private keys it was never told of', () => {
    const { lines, log } = recording();
    log.info('Authorization: Bearer eyJhbGciOi.J9.x-y_z');
    log.info('key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\nafter');
    assert.deepEqual(lines, ['info Authorization: Bearer [redacted]', 'info key:\n[redacted private key]\nafter']);
  });

  it('leaves ordinary lines alone', () => {
    const { lines, log } = recording();
    log.info('evicting pod default/web-a on kube-eviction-sandbox (https://127.0.0.1:6443)');
    assert.deepEqual(lines, ['info evicting pod default/web-a on kube-eviction-sandbox (https://127.0.0.1:6443)']);
  });
});
