import { TemplateEngine, type TemplateInput, type TemplateOutput } from '../template-engine';
import { SocketStreamError } from '../../errors/socketstream-error';
import { loadOptionalPackage } from '../optional-package';
import { displayPath } from './source-location';

/** The part of the `pug` package the engine uses. */
interface PugCompiler {
  compileClientWithDependenciesTracked(
    source: string,
    options: { filename: string; basedir: string; compileDebug: boolean; inlineRuntimeFunctions: boolean; name: string },
  ): { body: string; dependencies: string[] };
}

/**
 * Pug templates (`.pug`), compiled with the `pug` package the app installs (`npm install
 * --save-dev pug`). Pug's runtime functions are inlined into each template, so there is no
 * runtime module; `include` and `extends` are resolved at build time (an absolute path is from
 * the app's folder), and the files they read are reported as dependencies.
 */
export class PugTemplateEngine extends TemplateEngine {
  readonly extensions: readonly string[] = ['.pug'];
  override readonly packageName: string = 'pug';

  async compile(input: TemplateInput): Promise<TemplateOutput> {
    const pug = loadOptionalPackage<PugCompiler>(this.packageName, input).exports;
    let compiled: { body: string; dependencies: string[] };
    try {
      // The function's name is a constant: never put anything from the app in it, it is code.
      compiled = pug.compileClientWithDependenciesTracked(input.source, {
        filename: input.file,
        basedir: input.root,
        compileDebug: false,
        inlineRuntimeFunctions: true,
        name: 'template',
      });
    } catch (err) {
      const { code, msg, line, column, filename, message } = err as { code?: unknown; msg?: unknown; line?: unknown; column?: unknown; filename?: unknown; message?: unknown };
      const where = [displayPath(input.root, typeof filename === 'string' ? filename : input.file), line, column].filter((part) => typeof part === 'string' || typeof part === 'number').join(':');
      const text = typeof code === 'string' && code.startsWith('PUG:') && typeof msg === 'string' ? msg : typeof message === 'string' ? message : String(err);
      throw new SocketStreamError('SS_ERR_BUILD', `${where}: ${text}`, { cause: err });
    }
    return { code: `(() => {\n${compiled.body}\nreturn template;\n})()`, partials: [], dependencies: [...new Set(compiled.dependencies)].sort() };
  }
}
