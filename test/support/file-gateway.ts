// A gateway started from a config file on disk, in a fresh temporary data dir, so a test can
// rewrite the file and reload it as an operator would. close() also removes the dir.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { startGateway, type RunningGateway } from '../../src/server/start-gateway.js';

export interface FileGateway extends RunningGateway {
  /** The first virtual key, printed once at first start. */
  key: string;
  dataDir: string;
  /** Write new config text to the file (a reload then reads it). */
  rewrite(text: string): void;
}

/** `yaml`: the config text, given the data dir (for `storage.dataDir`). */
export async function startFileGateway(yaml: (dataDir: string) => string): Promise<FileGateway> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchyard-file-'));
  const file = path.join(dataDir, 'switchyard.yaml');
  writeFileSync(file, yaml(dataDir));
  const lines: string[] = [];
  const running = await startGateway({
    config: loadConfig(file, {}),
    configPath: file,
    log: (line) => lines.push(line),
    handleSignals: false,
  });
  const key = lines
    .find((line) => line.startsWith('Virtual key (shown once):'))!
    .split(':')[1]!
    .trim();
  return {
    ...running,
    key,
    dataDir,
    rewrite: (text) => writeFileSync(file, text),
    close: async () => {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
