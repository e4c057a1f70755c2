// The sandbox's TLS credentials: a certificate authority made at start and a
// server certificate for the loopback names, built as DER (RFC 5280) and
// signed with node's crypto. Nothing here is cryptography: node generates the
// ECDSA P-256 keys and signs; this module only lays out the ASN.1 structure.
// No openssl binary and no dependency is needed (node-forge signs RSA only
// and does its crypto in JavaScript; @peculiar/x509 brings a dozen packages).

import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

// ---- DER ----

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const sequence = (...items: Buffer[]) => tlv(0x30, ...items);
const set = (...items: Buffer[]) => tlv(0x31, ...items);
const octetString = (b: Buffer) => tlv(0x04, b);
const utf8String = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const explicit = (n: number, inner: Buffer) => tlv(0xa0 | n, inner);
const boolean = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));

/** A non-negative INTEGER from big-endian bytes, minimal and without a sign bit. */
function integer(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0 && bytes[i + 1] < 0x80) i++;
  const b = bytes.subarray(i);
  return tlv(0x02, b[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

function bitString(bytes: Buffer, unusedBits = 0): Buffer {
  return tlv(0x03, Buffer.from([unusedBits]), bytes);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 requires. */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2))) : tlv(0x18, Buffer.from(iso));
}

// ---- X.509 ----

const oids = {
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

function name(commonName: string, organizations = ['kube-eviction sandbox']): Buffer {
  return sequence(
    ...organizations.map((o) => set(sequence(oid(oids.organization), utf8String(o)))),
    set(sequence(oid(oids.commonName), utf8String(commonName))),
  );
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** KeyUsage bits, numbered from the most significant bit (RFC 5280 §4.2.1.3). */
function keyUsage(bits: number[]): Buffer {
  const mask = bits.reduce((m, bit) => m | (0x80 >> bit), 0);
  let unused = 0;
  while (unused < 7 && !(mask & (1 << unused))) unused++;
  return bitString(Buffer.from([mask]), unused);
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(String(jwk.x), 'base64url'), Buffer.from(String(jwk.y), 'base64url')]);
  return createHash('sha1').update(point).digest();
}

function subjectAltName(dnsNames: string[], ipAddresses: string[]): Buffer {
  const entries = [
    ...dnsNames.map((d) => tlv(0x82, Buffer.from(d, 'ascii'))),
    ...ipAddresses.map((ip) => tlv(0x87, ipBytes(ip))),
  ];
  return sequence(...entries);
}

function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  if (!isIPv6(ip)) throw new Error(`not an IP address: ${ip}`);
  const [head, tail = ''] = ip.split('::');
  const groups = (s: string) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const all = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return Buffer.concat(all.map((g) => Buffer.from(g.padStart(4, '0'), 'hex')));
}

export interface KeyPairPem {
  /** PEM of the certificate. */
  cert: string;
  /** PEM (PKCS#8) of the private key. */
  key: string;
}

interface Issuer {
  commonName: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface CertificateAuthority extends KeyPairPem {
  issuer: Issuer;
}

const validityMs = 365 * 24 * 3600 * 1000;
// Backdated so that a client whose clock runs a little behind still accepts it.
const backdateMs = 3600 * 1000;

function certificate(subject: Buffer, publicKey: KeyObject, issuer: Issuer, extensions: Buffer[]): string {
  const now = Date.now();
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const algorithm = sequence(oid(oids.ecdsaWithSHA256));
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    algorithm,
    name(issuer.commonName),
    sequence(time(new Date(now - backdateMs)), time(new Date(now + validityMs))),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...extensions)),
  );
  const signature = sign('sha256', tbs, issuer.privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`;
}

const newKeyPair = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const pkcs8 = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A self-signed CA that may sign server certificates and nothing below them. */
export function createCertificateAuthority(commonName = 'kube-eviction-sandbox-ca'): CertificateAuthority {
  const { privateKey, publicKey } = newKeyPair();
  const issuer = { commonName, privateKey, publicKey };
  const ski = keyIdentifier(publicKey);
  const cert = certificate(name(commonName), publicKey, issuer, [
    extension(oids.basicConstraints, true, sequence(boolean(true), integer(Buffer.from([0])))),
    extension(oids.keyUsage, true, keyUsage([0, 5, 6])), // digitalSignature, keyCertSign, cRLSign
    extension(oids.subjectKeyIdentifier, false, octetString(ski)),
  ]);
  return { cert, key: pkcs8(privateKey), issuer };
}

/** A TLS server certificate for the given host names and IP addresses, signed by `ca`. */
export function issueServerCertificate(ca: CertificateAuthority, dnsNames: string[], ipAddresses: string[]): KeyPairPem {
  const { privateKey, publicKey } = newKeyPair();
  const cert = certificate(name(dnsNames[0] ?? ipAddresses[0] ?? 'kube-eviction-sandbox'), publicKey, ca.issuer, [
    extension(oids.basicConstraints, true, sequence()),
    extension(oids.keyUsage, true, keyUsage([0])), // digitalSignature: ECDHE key exchange signs
    extension(oids.extKeyUsage, false, sequence(oid(oids.serverAuth))),
    extension(oids.subjectAltName, false, subjectAltName(dnsNames, ipAddresses)),
    extension(oids.subjectKeyIdentifier, false, octetString(keyIdentifier(publicKey))),
    extension(oids.authorityKeyIdentifier, false, sequence(tlv(0x80, keyIdentifier(ca.issuer.publicKey)))),
  ]);
  return { cert, key: pkcs8(privateKey) };
}

/**
 * A client certificate for `user`, member of `groups`: the API server's x509
 * authenticator takes the user name from the subject's CommonName and the
 * groups from its Organizations (apiserver/pkg/authentication/request/x509, CommonNameUserConversion).
 */
export function issueClientCertificate(ca: CertificateAuthority, user: string, groups: string[]): KeyPairPem {
  const { privateKey, publicKey } = newKeyPair();
  const cert = certificate(name(user, groups), publicKey, ca.issuer, [
    extension(oids.basicConstraints, true, sequence()),
    extension(oids.keyUsage, true, keyUsage([0])), // digitalSignature: the TLS handshake's CertificateVerify
    extension(oids.extKeyUsage, false, sequence(oid(oids.clientAuth))),
    extension(oids.authorityKeyIdentifier, false, sequence(tlv(0x80, keyIdentifier(ca.issuer.publicKey)))),
  ]);
  return { cert, key: pkcs8(privateKey) };
}
