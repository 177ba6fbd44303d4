// Starts a worker thread from a module beside the caller, in built code and from sources alike.
// Built code (dist, .js) starts the compiled file directly. From sources (vitest, tsx) the worker
// must compile TypeScript too: Node 20 does not pass `--import tsx` on to a worker thread, so a
// one-line bootstrap registers tsx's loader inside the thread and then imports the .ts file.

import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * @param callerUrl the caller's import.meta.url
 * @param name the worker module's file name without extension, in the caller's folder
 */
export function startWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const source = new URL(`./${name}.ts`, callerUrl).href;
  const bootstrap =
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })` +
    '.catch((error) => { setImmediate(() => { throw error; }); });';
  return new Worker(bootstrap, { ...options, eval: true });
}
