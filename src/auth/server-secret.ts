// The server secret that keys are HMAC'd under: from SWITCHYARD_SECRET, else from <dataDir>/secret,
// created on first start (mode 0600). Losing or changing it invalidates every stored key.

import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ServerSecretOptions {
  /** The data folder; the secret lives in `<dataDir>/secret`. */
  dataDir: string;
  environment?: Record<string, string | undefined>;
}

export interface ServerSecret {
  secret: string;
  /** Where it came from, for the start-up log ("created" means: back this file up). */
  source: 'environment' | 'file' | 'created';
  path?: string;
}

/** Anything shorter is guessable enough to matter; 32 random bytes in hex is 64 characters. */
export const minimumSecretLength = 32;

export async function loadServerSecret(options: ServerSecretOptions): Promise<ServerSecret> {
  const fromEnvironment = (options.environment ?? process.env).SWITCHYARD_SECRET;
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    checkLength(fromEnvironment, 'SWITCHYARD_SECRET');
    return { secret: fromEnvironment, source: 'environment' };
  }
  const path = join(options.dataDir, 'secret');
  const existing = await readSecretFile(path);
  if (existing !== undefined) return { secret: existing, source: 'file', path };
  const created = await createSecretFile(options.dataDir, path);
  return created === undefined
    ? { secret: (await readSecretFile(path)) ?? '', source: 'file', path }
    : { secret: created, source: 'created', path };
}

function checkLength(secret: string, where: string): void {
  if (secret.length < minimumSecretLength) {
    throw new Error(
      `${where} must be at least ${minimumSecretLength} characters; generate one with: openssl rand -hex 32`,
    );
  }
}

async function readSecretFile(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // Like ssh with a private key: refuse a secret other users could read (POSIX modes only).
  if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) {
    throw new Error(`${path} is readable by other users; run: chmod 600 ${path}`);
  }
  const secret = text.trim();
  checkLength(secret, path);
  return secret;
}

/**
 * Writes a fresh secret to a private temporary file, then links it into place: link() fails if
 * the file exists, so when two processes start at once exactly one secret wins, and nobody ever
 * reads a half-written file. Returns undefined when another process won.
 */
async function createSecretFile(dataDir: string, path: string): Promise<string | undefined> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await chmod(temporary, 0o600);
    await link(temporary, path);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}
