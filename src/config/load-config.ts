// Reads a config file and parses it. Relative file paths inside the config (dataDir, sqlitePath,
// TLS and CA files) are taken relative to the config file's folder, so the gateway finds the same
// files whatever directory it is started from.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config-error.js';
import type { GatewayConfig } from './config-schema.js';
import type { Env } from './interpolate-env.js';
import { parseConfig } from './parse-config.js';

export function loadConfig(filePath: string, env: Env = process.env): GatewayConfig {
  const config = parseConfig(readConfigText(filePath), filePath, env);
  return resolvePaths(config, path.dirname(path.resolve(filePath)));
}

export function readConfigText(filePath: string): string {
  try {
    return readFileSync(filePath, 'utf8');
  } catch (error) {
    throw new ConfigError(filePath, [{ path: '', message: describeReadError(error) }]);
  }
}

/** A copy of `config` whose relative file paths are absolute, taken from `baseDir`. */
export function resolvePaths(config: GatewayConfig, baseDir: string): GatewayConfig {
  const resolve = (file: string) => path.resolve(baseDir, file);
  const { server, storage, outbound } = config;
  return {
    ...config,
    server: server.tls
      ? { ...server, tls: { certFile: resolve(server.tls.certFile), keyFile: resolve(server.tls.keyFile) } }
      : server,
    storage: {
      ...storage,
      dataDir: resolve(storage.dataDir),
      // ':memory:' is SQLite's name for a database that lives only in the process.
      sqlitePath: storage.sqlitePath === ':memory:' ? storage.sqlitePath : resolve(storage.sqlitePath),
    },
    outbound: outbound.caFile === undefined ? outbound : { ...outbound, caFile: resolve(outbound.caFile) },
  };
}

const readErrors: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied reading the file',
  EPERM: 'permission denied reading the file',
  EISDIR: 'is a directory, not a config file',
};

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (
    (code === undefined ? undefined : readErrors[code]) ?? `cannot read the file: ${(error as Error).message}`
  );
}
