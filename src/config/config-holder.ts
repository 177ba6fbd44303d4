// Holds the live config and swaps it on reload (SIGHUP or a file change). A request keeps the
// config object it started with, so a reload never changes or drops work in flight; an invalid
// file keeps the old config. Knows nothing of the server: it only tells subscribers.

import { watch as watchFileSystem, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ConfigError } from './config-error.js';
import type { GatewayConfig } from './config-schema.js';
import type { Env } from './interpolate-env.js';
import { loadConfig } from './load-config.js';
import { prepareModels } from './resolve-model.js';

export type ConfigListener = (config: GatewayConfig, version: number) => void;

export type ReloadResult =
  { ok: true; changed: boolean; version: number } | { ok: false; error: ConfigError; version: number };

export interface ConfigHolderOptions {
  /** How to produce a new config; defaults to loadConfig(path, env), or the current config without a path. */
  load?: () => GatewayConfig;
  env?: Env;
  /** File events closer than this are one reload (editors write in several steps). */
  debounceMs?: number;
  /** Where reload outcomes are reported; defaults to stderr. */
  log?: (level: 'info' | 'warn', message: string) => void;
}

export class ConfigHolder {
  #config: GatewayConfig;
  #version = 1;
  readonly #listeners = new Set<ConfigListener>();
  readonly #load: () => GatewayConfig;
  readonly #path: string | undefined;
  readonly #debounceMs: number;
  readonly #log: (level: 'info' | 'warn', message: string) => void;
  readonly #stops = new Set<() => void>();

  /**
   * @param config the first config (already loaded and valid)
   * @param filePath the file it came from, re-read on reload; none for environment discovery
   */
  constructor(config: GatewayConfig, filePath?: string, options: ConfigHolderOptions = {}) {
    this.#config = config;
    this.#path = filePath;
    const env = options.env ?? process.env;
    this.#load = options.load ?? (() => (filePath === undefined ? this.#config : loadConfig(filePath, env)));
    this.#debounceMs = options.debounceMs ?? 150;
    this.#log =
      options.log ?? ((level, message) => process.stderr.write(`switchyard ${level}: ${message}\n`));
    prepareModels(this.#config);
  }

  /** The config a new request should use; hold on to it for the request's lifetime. */
  get current(): GatewayConfig {
    return this.#config;
  }

  /** Starts at 1 and grows by one with each config that differs from the last. */
  get version(): number {
    return this.#version;
  }

  /** Called with each new config; returns the unsubscribe function. */
  subscribe(listener: ConfigListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Re-reads the config. An invalid one is reported and the current config stays. */
  reload(): ReloadResult {
    let next: GatewayConfig;
    try {
      next = this.#load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.#log('warn', `config not reloaded, keeping version ${this.#version}:\n${error.message}`);
      return { ok: false, error, version: this.#version };
    }
    if (isDeepStrictEqual(next, this.#config)) return { ok: true, changed: false, version: this.#version };
    prepareModels(next);
    this.#config = next;
    this.#version += 1;
    this.#log(
      'info',
      `config version ${this.#version} loaded${this.#path === undefined ? '' : ` from ${this.#path}`}`,
    );
    for (const listener of this.#listeners) {
      try {
        listener(next, this.#version);
      } catch (error) {
        this.#log('warn', `a config listener failed: ${(error as Error).message}`);
      }
    }
    return { ok: true, changed: true, version: this.#version };
  }

  /**
   * Reloads on SIGHUP and, when there is a file, on changes to it. The folder is watched rather
   * than the file, because editors often save by writing a new file and renaming it over the old.
   * Returns the function that stops watching.
   */
  watch(): () => void {
    let timer: NodeJS.Timeout | undefined;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.reload(), this.#debounceMs);
      timer.unref();
    };
    const onSignal = () => this.reload();
    process.on('SIGHUP', onSignal);
    const watcher = this.#path === undefined ? undefined : this.#watchFile(this.#path, schedule);
    const stop = () => {
      clearTimeout(timer);
      process.off('SIGHUP', onSignal);
      watcher?.close();
      this.#stops.delete(stop);
    };
    this.#stops.add(stop);
    return stop;
  }

  /** Stops every watch() started on this holder (at shutdown). The current config stays readable. */
  close(): void {
    for (const stop of [...this.#stops]) stop();
  }

  #watchFile(filePath: string, onChange: () => void): FSWatcher | undefined {
    const name = path.basename(filePath);
    try {
      const watcher = watchFileSystem(
        path.dirname(path.resolve(filePath)),
        { persistent: false },
        (_event, changed) => {
          // Some platforms do not say which file changed; reloading an unchanged file is harmless.
          if (changed === null || changed === name) onChange();
        },
      );
      watcher.on('error', (error) => this.#log('warn', `stopped watching ${filePath}: ${error.message}`));
      return watcher;
    } catch (error) {
      this.#log('warn', `cannot watch ${filePath} (SIGHUP still reloads): ${(error as Error).message}`);
      return undefined;
    }
  }
}
