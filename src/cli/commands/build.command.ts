import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildClients, formatSizeReport } from '../../build/production';
import type { CliContext } from '../cli-context';
import { EXIT_CODES, type ExitCode } from '../exit-codes';
import type { AppLocation } from '../find-app';
import { compileServer } from '../server-code/compile-server';
import { loadApp } from '../server-code/load-app';
import { registerTypeScript } from '../server-code/typescript-hook';

/** The options of `ss build`, parsed and defaulted. */
export interface BuildCommandOptions {
  /** The app found from `--root` or the working directory. */
  readonly app: AppLocation;
  /** `--out <dir>`: where the build goes, relative to the app's folder. Default `build`. */
  readonly out: string;
  /** `--cdn <url>`: the base URL every asset URL is written against. Default: `createApp({ build: { cdn } })`, else none (the app's own origin). */
  readonly cdn?: string;
  /** `--inline`: CSS and JS inlined into each page. Default: `createApp({ build: { inline } })`, else false. */
  readonly inline: boolean;
}

/**
 * `ss build`: compiles the server code into `<out>/server/` and every client for production into
 * `<out>/public/` (minified, content-hashed, code-split, source maps, `.gz` and `.br` siblings,
 * pages with their final tags), writes `<out>/manifest.json` with the app's wire contract, and
 * prints each asset's raw, gzip and brotli size. Fails (exit 1) on a compile error (naming the
 * file and line) or an asset over its budget (`createApp({ build: { budgets } })`).
 */
export async function buildCommand(options: BuildCommandOptions, context: CliContext): Promise<ExitCode> {
  const { output } = context;
  const { colors } = output;
  const root = options.app.root;
  const outDir = resolve(root, options.out);
  const started = Date.now();
  const step = (what: string): void => output.info(colors.dim(`  ${what}…`));
  try {
    rmSync(outDir, { recursive: true, force: true });
    step('compiling the server code');
    const server = compileServer(root, join(outDir, 'server'));
    step('loading the app');
    // The app is created to read its clients and contract, never to serve: production behaviour,
    // and a throwaway secret when none is set (production refuses to start without one).
    process.env.NODE_ENV = 'production';
    process.env.SS_SECRET ||= randomBytes(32).toString('base64url');
    registerTypeScript();
    const app = loadApp(options.app.file);
    const { clientPlan: plan, contract } = app;
    await app.close();
    const report = await buildClients({
      root,
      clients: plan.clients,
      formatters: plan.formatters,
      templateEngines: plan.templateEngines,
      outDir,
      cdn: options.cdn ?? plan.build.cdn,
      inline: options.inline || plan.build.inline,
      budgets: plan.build.budgets,
      contract,
      onProgress: step,
    });
    // client/static/ is served as is, from the build's own copy (the compiled app is not beside the sources).
    if (existsSync(join(root, 'client', 'static'))) cpSync(join(root, 'client', 'static'), join(outDir, 'static'), { recursive: true });
    output.info('');
    output.info(formatSizeReport(report));
    output.info('');
    output.info(
      `${colors.green('built')} ${relative(context.cwd, outDir) || '.'}/ in ${((Date.now() - started) / 1000).toFixed(1)} s: ${plan.clients.length} client${plan.clients.length === 1 ? '' : 's'}, ${server.files.filter((f) => f.endsWith('.js')).length} server files, contract ${contract}`,
    );
    return EXIT_CODES.ok;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    output.error(`ss build: ${err instanceof Error ? err.message : String(err)}${typeof code === 'string' ? ` (${code})` : ''}`);
    if (context.env.SS_DEBUG === '1' && err instanceof Error) output.writeErr(`${err.stack ?? ''}\n`);
    return EXIT_CODES.failure;
  }
}
