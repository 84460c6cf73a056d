import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { transformSync } from '@swc/core';
import { Formatter, type AssetKind, type FormatterInput, type FormatterOutput } from '../../../src/build/formatter';
import { builtinFormatters, formatterFor } from '../../../src/build/formatters/builtin-formatters';
import { CssFormatter } from '../../../src/build/formatters/css.formatter';
import { TypeScriptFormatter } from '../../../src/build/formatters/typescript.formatter';
import { FixtureDir } from './fixture-dir';

class Custom extends Formatter {
  readonly kind: AssetKind = 'css';
  constructor(readonly extensions: readonly string[]) {
    super();
  }
  async compile(input: FormatterInput): Promise<FormatterOutput> {
    return { code: input.source };
  }
}

describe('builtinFormatters', () => {
  it('gives TypeScript, JavaScript, CSS, HTML, Sass, Less, Stylus and Pug, fresh instances each time', () => {
    const formatters = builtinFormatters();
    expect(formatters.map((f) => [f.constructor.name, f.kind, f.packageName])).toEqual([
      ['TypeScriptFormatter', 'js', undefined],
      ['JavaScriptFormatter', 'js', undefined],
      ['CssFormatter', 'css', undefined],
      ['HtmlFormatter', 'html', undefined],
      ['SassFormatter', 'css', 'sass'],
      ['LessFormatter', 'css', 'less'],
      ['StylusFormatter', 'css', 'stylus'],
      ['PugFormatter', 'html', 'pug'],
    ]);
    const extensions = formatters.flatMap((f) => f.extensions);
    expect(new Set(extensions).size).toBe(extensions.length);
    expect(builtinFormatters()[0]).not.toBe(formatters[0]);
  });
});

describe('formatterFor', () => {
  const builtins = builtinFormatters();

  it.each([
    ['client/code/main/entry.ts', 'TypeScriptFormatter'],
    ['client/code/view.tsx', 'TypeScriptFormatter'],
    ['client/code/lib.mjs', 'JavaScriptFormatter'],
    ['client/code/lib.js', 'JavaScriptFormatter'],
    ['client/css/app.css', 'CssFormatter'],
    ['client/css/app.scss', 'SassFormatter'],
    ['client/css/app.sass', 'SassFormatter'],
    ['client/css/app.less', 'LessFormatter'],
    ['client/css/app.styl', 'StylusFormatter'],
    ['client/views/main.html', 'HtmlFormatter'],
    ['client/views/main.pug', 'PugFormatter'],
    ['/app/client/views/MAIN.HTML', 'HtmlFormatter'],
  ])('picks the formatter of %s by extension', (file, name) => {
    expect(formatterFor(file, builtins)?.constructor.name).toBe(name);
  });

  it('is undefined for a file no formatter claims', () => {
    expect(formatterFor('client/static/logo.png', builtins)).toBeUndefined();
    expect(formatterFor('client/css/app', builtins)).toBeUndefined();
    expect(formatterFor('client/css/app.css', [])).toBeUndefined();
  });

  it("lets the later of two formatters of one extension win: an app's own, listed after the built-ins", () => {
    const mine = new Custom(['.css']);
    expect(formatterFor('client/css/app.css', [...builtins, mine])).toBe(mine);
    expect(formatterFor('client/css/app.css', [mine, ...builtins])).toBeInstanceOf(CssFormatter);
    expect(formatterFor('client/code/a.ts', [...builtins, mine])).toBeInstanceOf(TypeScriptFormatter);
  });

  it('lets the longest matching extension win whatever the order', () => {
    const modules = new Custom(['.module.css']);
    expect(formatterFor('client/css/chat.module.css', [modules, ...builtins])).toBe(modules);
    expect(formatterFor('client/css/chat.css', [modules, ...builtins])).toBeInstanceOf(CssFormatter);
  });
});

describe('loading the formatters', () => {
  const repo = join(__dirname, '..', '..', '..');
  let dir: FixtureDir;
  beforeEach(() => {
    dir = new FixtureDir();
  });
  afterEach(() => dir.remove());

  /** src/build/formatter.ts, src/build/formatters/*.ts and src/errors/ compiled to CommonJS under `out`, as tsc builds dist/. */
  function compileSources(out: string): void {
    const files = ['src/build/formatter.ts', 'src/build/display-path.ts', 'src/build/optional-package.ts', 'src/errors/socketstream-error.ts', ...readdirSync(join(repo, 'src/build/formatters')).map((f) => `src/build/formatters/${f}`)];
    for (const file of files) {
      const { code } = transformSync(readFileSync(join(repo, file), 'utf8'), {
        filename: file,
        swcrc: false,
        configFile: false,
        jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' },
        module: { type: 'commonjs' },
      });
      const target = join(out, file.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, code);
    }
  }

  it('loads no build tool until a file is compiled, and then only the one it needs', () => {
    const out = join(dir.root, 'compiled');
    compileSources(out);
    const app = dir.root;
    writeFileSync(join(app, 'a.css'), '.a { .b { color: red } }\n');
    const script = `
      const tools = () => Object.keys(require.cache).map((p) => p.replace(/\\\\/g, '/'))
        .map((p) => /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(p)).filter(Boolean).map((m) => m[1])
        .filter((name, i, all) => all.indexOf(name) === i).sort();
      const { builtinFormatters, formatterFor } = require(${JSON.stringify(join(out, 'src/build/formatters/builtin-formatters.js'))});
      const formatters = builtinFormatters();
      const css = formatterFor('a.css', formatters);
      const before = tools();
      css.compile({ source: '.a { .b { color: red } }', file: ${JSON.stringify(join(app, 'a.css'))}, root: ${JSON.stringify(app)} }).then((result) => {
        console.log(JSON.stringify({ before, after: tools(), code: result.code }));
      });
    `;
    const output = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, NODE_PATH: join(repo, 'node_modules') }, encoding: 'utf8' });
    const { before, after, code } = JSON.parse(output) as { before: string[]; after: string[]; code: string };
    expect(before).toEqual([]);
    expect(after).toContain('lightningcss');
    for (const tool of ['@swc/core', 'rollup', 'sass', 'less', 'stylus', 'pug']) expect(after).not.toContain(tool);
    expect(code).toContain('.a .b');
  });
});
