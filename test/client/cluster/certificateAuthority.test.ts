// A kubeconfig's certificate authority is read as client-go reads it, before
// connecting: garbage is said to be garbage, not "a certificate the CA did
// not sign" (which is what the TLS handshake says when Node drops the CA).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Cluster } from '@kubernetes/client-node';
import { certificateAuthorityProblem } from '../../../client/src/cluster/certificateAuthority';
import { createCertificateAuthority } from '../../../server/src/sandbox/x509';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const validPem = createCertificateAuthority().cert;
const cluster = (fields: Partial<Cluster>): Cluster => ({ name: 'prod', server: 'https://prod.invalid', skipTLSVerify: false, ...fields });

describe('certificate authority of a kubeconfig cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-eviction-ca-'));
  writeFileSync(join(dir, 'ca.pem'), validPem);
  writeFileSync(join(dir, 'garbage.pem'), 'not a certificate');
  const cases: [string, Partial<Cluster>, string | undefined][] = [
    ['a certificate', { caData: b64(validPem) }, undefined],
    ['a certificate file', { caFile: join(dir, 'ca.pem') }, undefined],
    ['no authority (the system roots)', {}, undefined],
    ['garbage before and after a certificate (AppendCertsFromPEM takes it)', { caData: b64(`junk\n${validPem}junk`) }, undefined],
    ['text that is no PEM', { caData: b64('hello garbage') }, 'its certificate-authority-data holds no certificate: unable to load root certificates: unable to parse bytes as PEM block'],
    ['a PEM block that is no certificate', { caData: b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n') }, 'its certificate-authority-data holds no certificate: unable to load root certificates: failed to parse certificate: x509: malformed certificate'],
    ['only a private key', { caData: b64('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n') }, 'its certificate-authority-data holds no certificate: unable to load root certificates: no valid certificate authority data seen'],
    ['not base64', { caData: 'not!base64~~' }, 'its certificate-authority-data is not base64'],
    ['a garbage file', { caFile: join(dir, 'garbage.pem') }, `its certificate-authority ${join(dir, 'garbage.pem')} holds no certificate: unable to load root certificates: unable to parse bytes as PEM block`],
    ['a missing file', { caFile: join(dir, 'missing.pem') }, `cannot read its certificate-authority ${join(dir, 'missing.pem')}: no such file`],
  ];
  for (const [name, fields, problem] of cases) {
    it(name, () => assert.equal(certificateAuthorityProblem(cluster(fields)), problem && `cluster "prod": ${problem}`));
  }
});
