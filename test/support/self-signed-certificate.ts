// A real self-signed certificate for 127.0.0.1, made with the openssl command line, for tests of
// TLS in and out. Fails loudly (never skips) when openssl is missing.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSignedCertificate {
  directory: string;
  certFile: string;
  keyFile: string;
  remove(): void;
}

export function selfSignedCertificate(): SelfSignedCertificate {
  execFileSync('openssl', ['version']);
  const directory = mkdtempSync(join(tmpdir(), 'switchyard-cert-'));
  const certFile = join(directory, 'cert.pem');
  const keyFile = join(directory, 'key.pem');
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1'];
  args.push('-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile);
  execFileSync('openssl', args, { stdio: 'ignore' });
  return { directory, certFile, keyFile, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
