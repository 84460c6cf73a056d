import { SocketStreamError } from '../../../src/errors/socketstream-error';
import { CssFormatter } from '../../../src/build/formatters/css.formatter';
import { FixtureDir, parsedMap, rejectionOf } from './fixture-dir';

const APP = '@import "./partials/base.css";\n.chat { color: red; .message { color: blue; } }\n';
const BASE = '@import "../reset.css";\n.base { margin: 0 }\n';
const RESET = '* { box-sizing: border-box }\n';

describe('CssFormatter', () => {
  let dir: FixtureDir;
  const formatter = new CssFormatter();
  beforeEach(() => {
    dir = new FixtureDir();
    dir.write('client/css/partials/base.css', BASE);
    dir.write('client/css/reset.css', RESET);
  });
  afterEach(() => dir.remove());

  it('compiles .css to CSS with its built-in tool', () => {
    expect(formatter.extensions).toEqual(['.css']);
    expect(formatter.kind).toBe('css');
    expect(formatter.packageName).toBeUndefined();
  });

  it('inlines @imports (relative to the importing file, in order) and lowers nesting', async () => {
    const out = await formatter.compile(dir.input('client/css/app.css', APP));
    expect(out.code).not.toContain('@import');
    expect(out.code.replace(/\s+/g, ' ').trim()).toBe('* { box-sizing: border-box; } .base { margin: 0; } .chat { color: red; } .chat .message { color: #00f; }');
  });

  it('lists every imported file as a dependency, the file itself left out', async () => {
    const out = await formatter.compile(dir.input('client/css/app.css', APP));
    expect([...(out.dependencies ?? [])].sort()).toEqual([dir.path('client/css/partials/base.css'), dir.path('client/css/reset.css')]);
  });

  it('gives one source map over the file and its imports, absolute sources with their content', async () => {
    const input = dir.input('client/css/app.css', APP);
    const map = parsedMap((await formatter.compile(input)).map);
    expect([...map.sources].sort()).toEqual([input.file, dir.path('client/css/partials/base.css'), dir.path('client/css/reset.css')].sort());
    expect(map.sourcesContent?.[map.sources.indexOf(input.file)]).toBe(APP);
    expect(map.sourcesContent?.[map.sources.indexOf(dir.path('client/css/reset.css'))]).toBe(RESET);
    expect(map).not.toHaveProperty('sourceRoot');
  });

  it('minifies in production and leaves the map out when none is asked for', async () => {
    const out = await formatter.compile(dir.input('client/css/app.css', APP, { production: true, sourceMap: false }));
    expect(out.code).toBe('*{box-sizing:border-box}.base{margin:0}.chat{color:red}.chat .message{color:#00f}');
    expect(out.map).toBeUndefined();
  });

  it('compiles the source it is given, not the file on disk', async () => {
    const input = { ...dir.input('client/css/app.css', APP), source: '.edited { color: red }' };
    const out = await formatter.compile(input);
    expect(out.code).toContain('.edited');
    expect(out.dependencies).toEqual([]);
  });

  it('keeps URL imports as @import, and finds a bare name in node_modules when no file is beside it', async () => {
    dir.write('node_modules/ss-test-normalize/normalize.css', 'html { line-height: 1.15 }\n');
    const source = '@import "https://fonts.example/inter.css";\n@import "/css/theme.css";\n@import "ss-test-normalize/normalize.css";\n.a { color: red }\n';
    const out = await formatter.compile(dir.input('client/css/app.css', source));
    expect(out.code).toContain('@import "https://fonts.example/inter.css";');
    expect(out.code).toContain('@import "/css/theme.css";');
    expect(out.code).toContain('line-height: 1.15');
    expect(out.dependencies).toEqual([dir.path('node_modules/ss-test-normalize/normalize.css')]);
  });

  it('writes for the targets it is given: modern browsers keep nesting', async () => {
    const modern = new CssFormatter({ targets: { chrome: 130 << 16 } });
    const out = await modern.compile(dir.input('client/css/n.css', '.a { color: red; .b { color: blue; } }\n'));
    expect(out.code).not.toContain('.a .b');
  });

  it('names the importing file, the line and the specifier when an @import is missing', async () => {
    const missing = await rejectionOf(formatter.compile(dir.input('client/css/app.css', '@import "./reset.css";\n@import "./nope.css";\n')));
    expect(missing).toBeInstanceOf(SocketStreamError);
    expect(missing.code).toBe('SS_ERR_BUILD');
    expect(missing.message).toBe('client/css/app.css:2:1: @import "./nope.css" not found: no file client/css/nope.css');
    expect(missing.cause).toBeDefined();
  });

  it('names the imported file that imports a missing one, not the entry', async () => {
    dir.write('client/css/partials/base.css', '@import "./gone.css";\n');
    const err = await rejectionOf(formatter.compile(dir.input('client/css/app.css', APP)));
    expect(err.message).toBe('client/css/partials/base.css:1:1: @import "./gone.css" not found: no file client/css/partials/gone.css');
  });

  it('turns a syntax error into SS_ERR_BUILD naming the file (an imported one too), line and column', async () => {
    const err = await rejectionOf(formatter.compile(dir.input('client/css/bad.css', '.a { color: red }\n.b { color: red }\n@import "./x.css";\n')));
    expect(err.code).toBe('SS_ERR_BUILD');
    expect(err.message).toMatch(/^client\/css\/bad\.css:3:\d+: @import rules must precede all rules/);
    dir.write('client/css/reset.css', '.ok {}\n.x { color: red; }\n@import "./late.css";\n');
    const inImport = await rejectionOf(formatter.compile(dir.input('client/css/app.css', APP)));
    expect(inImport.message).toMatch(/^client\/css\/reset\.css:3:\d+: @import rules must precede/);
  });
});
