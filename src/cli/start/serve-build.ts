import type { Server } from 'node:http';
import { loadApp, type LoadedApp } from '../server-code/load-app';

/** A started app of a build: the app, its HTTP server and the port it listens on. */
export interface ServedApp {
  readonly app: LoadedApp;
  readonly server: Server;
  readonly port: number;
}

/**
 * Loads the compiled app (`build/server/app.js`; the environment says production and where the
 * build is, so the app serves its built pages and assets instead of compiling) and listens on
 * `port` on every interface. In a cluster worker, the port is shared with the other workers.
 */
export async function serveBuild(appFile: string, port: number): Promise<ServedApp> {
  const app = loadApp(appFile);
  const server = app.listen(port);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  return { app, server, port: typeof address === 'object' && address ? address.port : port };
}
