import { type App, type AppOptions, createApp } from 'socketstream';

/** A started app that closes itself at the end of the block (`await using`). */
export interface StartedApp extends AsyncDisposable {
  app: App;
  url: string;
}

export async function startApp(options: AppOptions): Promise<StartedApp> {
  const app = createApp({ logLevel: 'silent', ...options });
  const url = await app.start();
  return { app, url, [Symbol.asyncDispose]: () => app.close() };
}
