// A self-signed certificate for TLS tests, made by openssl (Debian's `openssl` package): an EC
// P-256 key and a certificate for 127.0.0.1 and localhost, valid one day.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface TestCert {
  /** PEM certificate file (also the CA to trust). */
  readonly cert: string;
  /** PEM private key file. */
  readonly key: string;
}

export function selfSignedCert(dir: string, name = 'console'): TestCert {
  const cert = path.join(dir, `${name}-cert.pem`);
  const key = path.join(dir, `${name}-key.pem`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return { cert, key };
}
