import { SocketStreamError } from '../../../src/errors/socketstream-error';
import { StylusFormatter } from '../../../src/build/formatters/stylus.formatter';
import { FixtureDir, parsedMap, rejectionOf } from './fixture-dir';
import { ABSENT_PACKAGE, expectMissingPackage } from './missing-tool';

const APP = '@import "partials/theme"\n.chat\n  color accent\n  .message\n    padding gap\n';
const THEME = 'accent = #fedcba\ngap = 2px\n';

describe('StylusFormatter (with the real stylus)', () => {
  let dir: FixtureDir;
  const formatter = new StylusFormatter();
  beforeEach(() => {
    dir = new FixtureDir();
    dir.write('client/css/partials/theme.styl', THEME);
  });
  afterEach(() => dir.remove());

  it('compiles .styl to CSS with the "stylus" package', () => {
    expect(formatter.extensions).toEqual(['.styl']);
    expect(formatter.kind).toBe('css');
    expect(formatter.packageName).toBe('stylus');
  });

  it('resolves @import relative to the file: variables and nesting', async () => {
    const out = await formatter.compile(dir.input('client/css/app.styl', APP));
    expect(out.code.replace(/\s+/g, ' ').trim()).toBe('.chat { color: #fedcba; } .chat .message { padding: 2px; }');
    expect(out.code).not.toContain('sourceMappingURL');
  });

  it("lists the imported files (stylus's deps()) as dependencies", async () => {
    const out = await formatter.compile(dir.input('client/css/app.styl', APP));
    expect(out.dependencies).toEqual([dir.path('client/css/partials/theme.styl')]);
  });

  it('gives a source map naming the file by absolute path, with its content', async () => {
    const input = dir.input('client/css/app.styl', APP);
    const map = parsedMap((await formatter.compile(input)).map);
    expect(map.sources).toEqual([input.file]);
    expect(map.sourcesContent).toEqual([APP]);
    expect(map.mappings.length).toBeGreaterThan(0);
  });

  it('shares nothing between two files of the same text in two folders (stylus caches parses process-wide by text)', async () => {
    const other = new FixtureDir();
    try {
      other.write('client/css/partials/theme.styl', 'accent = #000\ngap = 9px\n');
      await formatter.compile(dir.input('client/css/app.styl', APP));
      const input = other.input('client/css/app.styl', APP);
      const out = await formatter.compile(input);
      expect(out.code).toContain('padding: 9px');
      expect(parsedMap(out.map).sources).toEqual([input.file]);
      expect(out.dependencies).toEqual([other.path('client/css/partials/theme.styl')]);
    } finally {
      other.remove();
    }
  });

  it('compresses in production and leaves the map out when none is asked for', async () => {
    const out = await formatter.compile(dir.input('client/css/app.styl', APP, { production: true, sourceMap: false }));
    expect(out.code).toBe('.chat{color:#fedcba}.chat .message{padding:2px}');
    expect(out.map).toBeUndefined();
  });

  it('turns an error into SS_ERR_BUILD naming the file the error is in, line and column', async () => {
    const err = await rejectionOf(formatter.compile(dir.input('client/css/app.styl', '.a\n  color: red\n  foo(\n')));
    expect(err).toBeInstanceOf(SocketStreamError);
    expect(err.code).toBe('SS_ERR_BUILD');
    expect(err.message).toBe('client/css/app.styl:4:1: failed to find closing paren ")"');
    const missing = await rejectionOf(formatter.compile(dir.input('client/css/app.styl', '@import "nope"\n')));
    expect(missing.message).toBe('client/css/app.styl:1:9: failed to locate @import file nope.styl');
    dir.write('client/css/partials/theme.styl', 'accent = #fedcba\ngap = 1px + "x" / 2\n');
    const inImport = await rejectionOf(formatter.compile(dir.input('client/css/app.styl', APP)));
    expect(inImport.message).toMatch(/^client\/css\/partials\/theme\.styl:2:\d+: /);
  });

  it('is SS_ERR_MISSING_PACKAGE naming the package and the file when the tool is not installed', async () => {
    class Absent extends StylusFormatter {
      override readonly packageName = ABSENT_PACKAGE;
    }
    await expectMissingPackage(new Absent(), dir.input('client/css/app.styl', APP), 'client/css/app.styl');
  });
});
