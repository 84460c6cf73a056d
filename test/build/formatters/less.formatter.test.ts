import { SocketStreamError } from '../../../src/errors/socketstream-error';
import { LessFormatter } from '../../../src/build/formatters/less.formatter';
import { FixtureDir, parsedMap, rejectionOf } from './fixture-dir';
import { ABSENT_PACKAGE, expectMissingPackage } from './missing-tool';

const APP = '@import "mixins/rounded.less";\n.chat { .rounded(4px); color: @accent; .message { color: darken(@accent, 10%); } }\n';
const ROUNDED = '@import "../theme.less";\n.rounded(@r) { border-radius: @r; }\n';
const THEME = '@accent: #336699;\n';

describe('LessFormatter (with the real less)', () => {
  let dir: FixtureDir;
  const formatter = new LessFormatter();
  beforeEach(() => {
    dir = new FixtureDir();
    dir.write('client/css/mixins/rounded.less', ROUNDED);
    dir.write('client/css/theme.less', THEME);
  });
  afterEach(() => dir.remove());

  it('compiles .less to CSS with the "less" package', () => {
    expect(formatter.extensions).toEqual(['.less']);
    expect(formatter.kind).toBe('css');
    expect(formatter.packageName).toBe('less');
  });

  it('resolves @import relative to the importing file: mixins, variables, functions and nesting', async () => {
    const out = await formatter.compile(dir.input('client/css/app.less', APP));
    expect(out.code.replace(/\s+/g, ' ').trim()).toBe('.chat { border-radius: 4px; color: #336699; } .chat .message { color: #264c73; }');
    expect(out.code).not.toContain('sourceMappingURL');
  });

  it('lists every imported file as a dependency', async () => {
    const out = await formatter.compile(dir.input('client/css/app.less', APP));
    expect([...(out.dependencies ?? [])].sort()).toEqual([dir.path('client/css/mixins/rounded.less'), dir.path('client/css/theme.less')]);
  });

  it('gives a source map naming the file and its imports by absolute path, with their content', async () => {
    const input = dir.input('client/css/app.less', APP);
    const map = parsedMap((await formatter.compile(input)).map);
    expect(map.sources).toContain(input.file);
    expect(map.sources).toContain(dir.path('client/css/mixins/rounded.less'));
    expect(map.sourcesContent?.[map.sources.indexOf(input.file)]).toBe(APP);
  });

  it('compresses in production and leaves the map out when none is asked for', async () => {
    const out = await formatter.compile(dir.input('client/css/app.less', APP, { production: true, sourceMap: false }));
    expect(out.code).toBe('.chat{border-radius:4px;color:#336699}.chat .message{color:#264c73}');
    expect(out.map).toBeUndefined();
  });

  it('turns an error into SS_ERR_BUILD naming the file the error is in, line and column', async () => {
    const err = await rejectionOf(formatter.compile(dir.input('client/css/app.less', '.a {\n  color: @nope;\n}\n')));
    expect(err).toBeInstanceOf(SocketStreamError);
    expect(err.code).toBe('SS_ERR_BUILD');
    expect(err.message).toBe('client/css/app.less:2:10: variable @nope is undefined');
    dir.write('client/css/theme.less', '@accent: #336699;\n\n.x { color: red;;; {\n');
    const inImport = await rejectionOf(formatter.compile(dir.input('client/css/app.less', APP)));
    expect(inImport.message).toMatch(/^client\/css\/theme\.less:3:\d+: /);
    const missing = await rejectionOf(formatter.compile(dir.input('client/css/app.less', '@import "nope.less";\n')));
    expect(missing.message).toMatch(/^client\/css\/app\.less:1:1: '.*nope\.less' wasn't found/);
  });

  it('is SS_ERR_MISSING_PACKAGE naming the package and the file when the tool is not installed', async () => {
    class Absent extends LessFormatter {
      override readonly packageName = ABSENT_PACKAGE;
    }
    await expectMissingPackage(new Absent(), dir.input('client/css/app.less', APP), 'client/css/app.less');
  });
});
