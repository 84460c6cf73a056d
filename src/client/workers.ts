import { SocketStreamClient } from './client';
import { ClientError } from './client-error';

/** The page's workers by name, as the build registered them: their URLs. */
const urls: Record<string, string> = Object.create(null);

/**
 * Adds the page's workers (`client/workers/<name>.ts`, each bundled on its own) by name and URL.
 * The page's bundle calls it before the app's code runs; `ss.worker(name)` is defined from then
 * on, so pages without workers pay nothing for it.
 */
export function registerWorkers(map: Readonly<Record<string, string>>): void {
  Object.assign(urls, map);
  SocketStreamClient.prototype.worker = worker;
}

/**
 * A new module Worker running the page's worker `name` (`client/workers/<name>.ts`).
 *
 * @throws ClientError `SS_ERR_UNKNOWN_WORKER` when the page has no worker of that name
 */
export function worker(name: string, options: Omit<WorkerOptions, 'type'> = {}): Worker {
  const url = urls[name];
  if (url === undefined) throw new ClientError('SS_ERR_UNKNOWN_WORKER', `no worker "${name}" (client/workers/${name}.ts, listed in the client's workers)`);
  return new Worker(url, { name, ...options, type: 'module' });
}
