// The certificate authority a kubeconfig cluster names, checked as client-go
// checks it before connecting: Node would silently ignore PEM it cannot parse
// and then report the server's certificate as "not signed by the kubeconfig's
// certificate authority", which sends the user after the wrong problem.
// Source: client-go/transport/transport.go (rootCertPool, createErrorParsingCAData).

import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { Cluster } from '@kubernetes/client-node';

const pemBlock = /-----BEGIN ([^-\r\n]*)-----\r?\n([\s\S]*?)-----END \1-----/;

/**
 * Undefined when the PEM holds a certificate (`AppendCertsFromPEM`); else why
 * not, as `createErrorParsingCAData` says it for the first block that fails.
 */
function rootCertificatesError(pem: string): string | undefined {
  let firstError: string | undefined;
  let rest = pem;
  while (rest.trim() !== '') {
    const block = pemBlock.exec(rest);
    if (!block || !/^[A-Za-z0-9+/=\s]*$/.test(block[2]!)) {
      firstError ??= 'unable to parse bytes as PEM block';
      break;
    }
    rest = rest.slice(block.index + block[0].length);
    if (block[1] !== 'CERTIFICATE') continue;
    try {
      new X509Certificate(Buffer.from(block[2]!, 'base64'));
      return undefined;
    } catch {
      // x509.ParseCertificate's words for bytes that are no certificate (OpenSSL's are not for users).
      firstError ??= 'failed to parse certificate: x509: malformed certificate';
    }
  }
  return firstError ?? 'no valid certificate authority data seen';
}

/** Why the cluster's certificate authority cannot be used, in client-go's words; undefined when it can (or there is none). */
export function certificateAuthorityProblem(cluster: Cluster): string | undefined {
  let pem: string;
  let field: string;
  if (cluster.caData) {
    field = 'certificate-authority-data';
    // Go decodes the field as strict base64; Node would skip what is not.
    const data = cluster.caData.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0) return `cluster "${cluster.name}": its ${field} is not base64`;
    pem = Buffer.from(data, 'base64').toString('latin1');
  } else if (cluster.caFile) {
    field = `certificate-authority ${cluster.caFile}`;
    try {
      pem = readFileSync(cluster.caFile, 'latin1');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return `cluster "${cluster.name}": cannot read its ${field}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`;
    }
  } else {
    return undefined;
  }
  const error = rootCertificatesError(pem);
  return error && `cluster "${cluster.name}": its ${field} holds no certificate: unable to load root certificates: ${error}`;
}
