import { join, resolve } from 'node:path';
import type Koa from 'koa';
import { builtinFormatters } from '../build/formatters/builtin-formatters';
import { readManifest, type BuildManifest } from '../build/production';
import { defaultTemplateEngines } from '../build/templates/default-engines';
import { resolveClients } from '../http/client-definitions';
import { builtAssets } from '../http/built-assets';
import { ClientPages } from '../http/client-pages';
import { serveStatic } from '../http/static-files';
import { type Logger, scopedLogger } from '../logging/logger';
import type { AppOptions } from './app-options';
import type { ClientPlan } from './client-plan';

/** The app's clients with what compiles them (`clients` empty for an app without any, or one serving a build: `served`). */
export function clientPlanOf(options: AppOptions, served = false): ClientPlan {
  const root = resolve(options.root ?? process.cwd());
  return {
    root,
    // An app serving a build has no client sources to resolve (its root is the compiled server's folder).
    clients: served ? [] : resolveClients(root, options.clients, options.routes),
    formatters: [...builtinFormatters(), ...(options.formatters ?? [])],
    templateEngines: [...defaultTemplateEngines(), ...(options.templateEngines ?? [])],
    build: options.build ?? {},
  };
}

export function mountClients(http: Koa, plan: ClientPlan, production: boolean, liveReload: boolean, log: Logger): ClientPages | undefined {
  const { root, clients } = plan;
  if (clients.length === 0) return undefined;
  const pages = new ClientPages(
    clients,
    {
      root,
      formatters: plan.formatters,
      templateEngines: plan.templateEngines,
      production,
      assetsPath: '/_ss/assets',
      liveReload,
    },
    scopedLogger(log, 'clients'),
  );
  const statics = serveStatic(join(root, 'client', 'static'));
  http.use(pages.middleware);
  http.use(async (ctx, next) => {
    await next();
    if (ctx.body == null && ctx.status === 404) await statics(ctx, async () => undefined);
  });
  return pages;
}


/**
 * Serves an `ss build` output instead of compiling the clients (`ss start` sets `SS_BUILD` to the
 * build's folder): its pages and hashed, precompressed assets (see `builtAssets`), and the app's
 * `client/static/` files, which `ss build` copied to `<build>/static/`. Returns the manifest.
 */
export function mountBuild(http: Koa, buildDir: string): BuildManifest {
  const manifest = readManifest(buildDir);
  http.use(builtAssets({ outDir: buildDir, manifest }));
  const statics = serveStatic(join(buildDir, 'static'));
  http.use(async (ctx, next) => {
    await next();
    if (ctx.body == null && ctx.status === 404) await statics(ctx, async () => undefined);
  });
  return manifest;
}
