import { SocketStreamError } from '../../../src/errors/socketstream-error';
import { SassFormatter } from '../../../src/build/formatters/sass.formatter';
import { FixtureDir, parsedMap, rejectionOf } from './fixture-dir';
import { ABSENT_PACKAGE, expectMissingPackage } from './missing-tool';

const APP = '@use "theme" as t;\n@use "mixins/layout";\n.chat { color: t.$accent; .message { @include layout.padded; } }\n';
const THEME = '$accent: #123456;\n';
const LAYOUT = '@mixin padded { padding: 4px; }\n';

describe('SassFormatter (with the real sass)', () => {
  let dir: FixtureDir;
  const formatter = new SassFormatter();
  beforeEach(() => {
    dir = new FixtureDir();
    dir.write('client/css/_theme.scss', THEME);
    dir.write('client/css/mixins/_layout.scss', LAYOUT);
  });
  afterEach(() => dir.remove());

  it('compiles .scss and .sass to CSS with the "sass" package', () => {
    expect(formatter.extensions).toEqual(['.scss', '.sass']);
    expect(formatter.kind).toBe('css');
    expect(formatter.packageName).toBe('sass');
  });

  it('resolves @use relative to the file: variables, mixins and nesting', async () => {
    const out = await formatter.compile(dir.input('client/css/app.scss', APP));
    expect(out.code.replace(/\s+/g, ' ').trim()).toBe('.chat { color: #123456; } .chat .message { padding: 4px; }');
  });

  it('compiles the indented syntax of .sass files', async () => {
    const out = await formatter.compile(dir.input('client/css/app.sass', '@use "theme"\n.a\n  color: theme.$accent\n'));
    expect(out.code).toContain('color: #123456;');
  });

  it('lists every loaded partial as a dependency, the file itself left out', async () => {
    const out = await formatter.compile(dir.input('client/css/app.scss', APP));
    expect([...(out.dependencies ?? [])].sort()).toEqual([dir.path('client/css/_theme.scss'), dir.path('client/css/mixins/_layout.scss')]);
  });

  it('gives a source map naming the file and its partials by absolute path, with their content', async () => {
    const input = dir.input('client/css/app.scss', APP);
    const map = parsedMap((await formatter.compile(input)).map);
    expect(map.sources).toContain(input.file);
    expect(map.sources).toContain(dir.path('client/css/_theme.scss'));
    expect(map.sourcesContent?.[map.sources.indexOf(input.file)]).toBe(APP);
  });

  it('compresses in production and leaves the map out when none is asked for', async () => {
    const out = await formatter.compile(dir.input('client/css/app.scss', APP, { production: true, sourceMap: false }));
    expect(out.code).toBe('.chat{color:#123456}.chat .message{padding:4px}');
    expect(out.map).toBeUndefined();
  });

  it('turns an error into SS_ERR_BUILD naming the file the error is in, line and column', async () => {
    const err = await rejectionOf(formatter.compile(dir.input('client/css/app.scss', '.a {\n  color: $nope;\n}\n')));
    expect(err).toBeInstanceOf(SocketStreamError);
    expect(err.code).toBe('SS_ERR_BUILD');
    expect(err.message).toBe('client/css/app.scss:2:10: Undefined variable.');
    dir.write('client/css/_theme.scss', '$accent: #123456\n.b { x: y }}\n');
    const inPartial = await rejectionOf(formatter.compile(dir.input('client/css/app.scss', APP)));
    expect(inPartial.message).toMatch(/^client\/css\/_theme\.scss:\d+:\d+: /);
    const missing = await rejectionOf(formatter.compile(dir.input('client/css/app.scss', '@use "nope";\n')));
    expect(missing.message).toBe("client/css/app.scss:1:1: Can't find stylesheet to import.");
  });

  it('is SS_ERR_MISSING_PACKAGE naming the package and the file when the tool is not installed', async () => {
    class Absent extends SassFormatter {
      override readonly packageName = ABSENT_PACKAGE;
    }
    await expectMissingPackage(new Absent(), dir.input('client/css/app.scss', APP), 'client/css/app.scss');
  });
});
