import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { builtinFormatters } from '../../src/build/formatters/builtin-formatters';
import { SassFormatter } from '../../src/build/formatters/sass.formatter';
import { buildStylesheet } from '../../src/build/stylesheet';
import { FixtureDir } from './formatters/fixture-dir';

/** The 0-based line and column of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const before = text.slice(0, text.indexOf(needle));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length };
}

describe('a client stylesheet', () => {
  it('joins its files in page order with one source map that names each original file and line', async () => {
    using dir = new FixtureDir();
    const files = [dir.write('client/css/base.css', 'body {\n  margin: 0;\n}\n'), dir.write('client/css/theme.scss', '$ink: #123456;\n\n.title {\n  color: $ink;\n}\n')];
    const css = await buildStylesheet({ root: dir.root, files, formatters: [...builtinFormatters(), new SassFormatter()] });
    expect(css.code.indexOf('margin')).toBeLessThan(css.code.indexOf('#123456'));
    expect(css.map).toBeDefined();
    const map = new TraceMap(css.map!);
    const title = originalPositionFor(map, positionOf(css.code, '.title'));
    expect(title.source).toMatch(/theme\.scss$/);
    expect(title.line).toBe(3);
    const body = originalPositionFor(map, positionOf(css.code, 'body'));
    expect(body.source).toMatch(/base\.css$/);
    expect(body.line).toBe(1);
    expect(css.files).toEqual(files);
  });

  it('has no map and no comment in production, minified', async () => {
    using dir = new FixtureDir();
    const css = await buildStylesheet({ root: dir.root, files: [dir.write('client/css/a.css', '.a {\n  color: red;\n}\n')], formatters: builtinFormatters(), production: true });
    expect(css.map).toBeUndefined();
    expect(css.code).toBe('.a{color:red}');
  });

  it('refuses a file no css formatter compiles, naming it', async () => {
    using dir = new FixtureDir();
    await expect(buildStylesheet({ root: dir.root, files: [dir.write('client/css/a.txt', 'x')], formatters: builtinFormatters() })).rejects.toMatchObject({
      code: 'SS_ERR_BUILD',
      message: expect.stringContaining('a.txt: no css formatter'),
    });
  });
});
