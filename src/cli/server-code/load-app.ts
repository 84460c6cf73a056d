import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { ClientPlan } from '../../app/client-plan';
import { SocketStreamError } from '../../errors/socketstream-error';

/**
 * What the CLI uses of an app. Structural, not `App`: the app's module may have loaded another
 * copy of the framework (its own `node_modules/socketstream`) than the one running the CLI.
 */
export interface LoadedApp {
  readonly contract: string;
  readonly clientPlan: ClientPlan;
  readonly sharesState: boolean;
  listen(port?: number, host?: string, callback?: () => void): Server;
  close(): Promise<void>;
}

function isApp(value: unknown): value is LoadedApp {
  const app = value as Partial<LoadedApp> | null;
  return typeof app === 'object' && app !== null && typeof app.listen === 'function' && typeof app.close === 'function' && typeof app.contract === 'string';
}

/**
 * Requires an app's module (`app.ts` through the TypeScript hook, or a compiled `app.js`) and
 * returns the app it exports: `export default createApp(…)` (or `module.exports = createApp(…)`).
 *
 * @throws SocketStreamError `SS_ERR_NOT_AN_APP` naming the file when it exports no app; what
 *   loading it threw, as it threw it (a compile error names the file and line)
 */
export function loadApp(file: string): LoadedApp {
  const exported = createRequire(__filename)(file) as { default?: unknown } | undefined;
  const app = isApp(exported?.default) ? exported.default : exported;
  if (!isApp(app)) {
    throw new SocketStreamError('SS_ERR_NOT_AN_APP', `${file} exports no app: write \`export default createApp({ root: __dirname, … })\``);
  }
  return app;
}
