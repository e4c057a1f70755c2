import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { get, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createCertificateAuthority, issueClientCertificate, issueServerCertificate } from '../../../server/src/sandbox/x509';

test('the CA is a CA and signs a server certificate for the loopback names', () => {
  const ca = createCertificateAuthority();
  const server = issueServerCertificate(ca, ['localhost'], ['127.0.0.1', '::1']);
  const caCert = new X509Certificate(ca.cert);
  const cert = new X509Certificate(server.cert);
  assert.equal(caCert.ca, true);
  assert.equal(caCert.verify(caCert.publicKey), true, 'self-signed');
  assert.equal(cert.ca, false);
  assert.equal(cert.verify(caCert.publicKey), true);
  assert.equal(cert.checkIssued(caCert), true);
  assert.equal(cert.checkHost('localhost'), 'localhost');
  assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(cert.checkIP('::1'), '::1');
  assert.equal(cert.checkHost('example.com'), undefined);
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  assert.ok(Date.parse(cert.validFrom) < Date.now() && Date.parse(cert.validTo) > Date.now());
});

test('two CAs are different, and one does not vouch for the other\'s certificates', () => {
  const a = createCertificateAuthority();
  const b = createCertificateAuthority();
  const cert = new X509Certificate(issueServerCertificate(a, ['localhost'], []).cert);
  assert.notEqual(a.cert, b.cert);
  assert.equal(cert.verify(new X509Certificate(b.cert).publicKey), false);
});

test('a TLS client trusting only the CA completes a handshake with the server certificate', async () => {
  const ca = createCertificateAuthority();
  const pair = issueServerCertificate(ca, ['localhost'], ['127.0.0.1']);
  const server = createServer(pair, (_req, res) => res.end('hello'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    const body = await new Promise<string>((resolve, reject) => {
      get({ host: '127.0.0.1', port, ca: ca.cert }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    assert.equal(body, 'hello');
    const other = createCertificateAuthority();
    await assert.rejects(
      new Promise((resolve, reject) => get({ host: '127.0.0.1', port, ca: other.cert }, resolve).on('error', reject)),
      /self-signed|unable to verify|certificate/i,
    );
  } finally {
    server.close();
  }
});

test('a client certificate names the user (CommonName) and its groups (Organizations), for client authentication only', () => {
  const ca = createCertificateAuthority();
  const cert = new X509Certificate(issueClientCertificate(ca, 'jane', ['viewers', 'auditors']).cert);
  assert.equal(cert.checkIssued(new X509Certificate(ca.cert)), true);
  assert.equal(cert.verify(new X509Certificate(ca.cert).publicKey), true);
  assert.equal(cert.ca, false);
  assert.deepEqual(cert.subject.split('\n').sort(), ['CN=jane', 'O=auditors', 'O=viewers']);
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.2']);
});
