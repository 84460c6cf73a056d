import { HtmlFormatter } from '../../../src/build/formatters/html.formatter';
import { JavaScriptFormatter } from '../../../src/build/formatters/javascript.formatter';
import { FixtureDir } from './fixture-dir';

describe('JavaScriptFormatter and HtmlFormatter', () => {
  let dir: FixtureDir;
  beforeEach(() => {
    dir = new FixtureDir();
  });
  afterEach(() => dir.remove());

  it('passes JavaScript modules through as written (the bundler parses and minifies them)', async () => {
    const formatter = new JavaScriptFormatter();
    expect(formatter.extensions).toEqual(['.js', '.mjs']);
    expect(formatter.kind).toBe('js');
    const source = "import { a } from './a.js';\nexport const b = a + 1;\n";
    expect(await formatter.compile(dir.input('client/code/b.js', source, { production: true }))).toEqual({ code: source });
  });

  it('passes HTML views through as written', async () => {
    const formatter = new HtmlFormatter();
    expect(formatter.extensions).toEqual(['.html']);
    expect(formatter.kind).toBe('html');
    const source = '<!doctype html>\n<html><head><title>Chat</title></head><body></body></html>\n';
    expect(await formatter.compile(dir.input('client/views/main.html', source))).toEqual({ code: source });
  });
});
