import { type App, type AppOptions, createApp } from 'socketstream';

/** A started app that closes itself at the end of the block (`await using`). */
export interface StartedApp extends AsyncDisposable {
  app: App;
  url: string;
}

/** Creates and starts an app; `setup` runs before it listens (Koa composes middleware at listen time). */
export async function startApp(options: AppOptions, setup?: (app: App) => void): Promise<StartedApp> {
  const app = createApp({ logLevel: 'silent', ...options });
  setup?.(app);
  const url = await app.start();
  return { app, url, [Symbol.asyncDispose]: () => app.close() };
}
