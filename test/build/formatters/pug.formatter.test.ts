import { SocketStreamError } from '../../../src/errors/socketstream-error';
import { PugFormatter } from '../../../src/build/formatters/pug.formatter';
import { FixtureDir, rejectionOf } from './fixture-dir';
import { ABSENT_PACKAGE, expectMissingPackage } from './missing-tool';

const LAYOUT = 'doctype html\nhtml\n  head\n    include partials/head.pug\n  body\n    block content\n';
const HEAD = 'title Chat\nmeta(charset="utf-8")\n';
const MAIN = 'extends layout.pug\nblock content\n  h1.title Lobby\n  ul#messages\n  p= 1 + 1\n';

describe('PugFormatter (with the real pug)', () => {
  let dir: FixtureDir;
  const formatter = new PugFormatter();
  beforeEach(() => {
    dir = new FixtureDir();
    dir.write('client/views/layout.pug', LAYOUT);
    dir.write('client/views/partials/head.pug', HEAD);
  });
  afterEach(() => dir.remove());

  it('renders .pug views to HTML with the "pug" package', () => {
    expect(formatter.extensions).toEqual(['.pug']);
    expect(formatter.kind).toBe('html');
    expect(formatter.packageName).toBe('pug');
  });

  it('renders the view with its layout and includes, with no locals', async () => {
    const out = await formatter.compile(dir.input('client/views/main.pug', MAIN));
    expect(out.code).toBe(
      '<!DOCTYPE html><html><head><title>Chat</title><meta charset="utf-8"></head><body><h1 class="title">Lobby</h1><ul id="messages"></ul><p>2</p></body></html>',
    );
    expect(out.map).toBeUndefined();
  });

  it('lists the extended and included files as dependencies', async () => {
    const out = await formatter.compile(dir.input('client/views/main.pug', MAIN));
    expect([...(out.dependencies ?? [])].sort()).toEqual([dir.path('client/views/layout.pug'), dir.path('client/views/partials/head.pug')]);
  });

  it('resolves an absolute include from the app folder', async () => {
    const out = await formatter.compile(dir.input('client/views/other.pug', 'div\n  include /client/views/partials/head.pug\n'));
    expect(out.code).toBe('<div><title>Chat</title><meta charset="utf-8"/></div>'); // no doctype: XML-style void tags
  });

  it('turns a syntax error into SS_ERR_BUILD naming the file the error is in, line and column', async () => {
    const err = await rejectionOf(formatter.compile(dir.input('client/views/main.pug', 'div\n  p(class="x" Hello\n')));
    expect(err).toBeInstanceOf(SocketStreamError);
    expect(err.code).toBe('SS_ERR_BUILD');
    expect(err.message).toBe('client/views/main.pug:3:1: The end of the string reached with no closing bracket ) found.');
    dir.write('client/views/partials/head.pug', 'title Chat\n  meta(\n');
    const inInclude = await rejectionOf(formatter.compile(dir.input('client/views/main.pug', MAIN)));
    expect(inInclude.message).toMatch(/^client\/views\/partials\/head\.pug:\d+:\d+: /);
  });

  it('names the file and line of an error while rendering (a view reading a local it does not get)', async () => {
    const err = await rejectionOf(formatter.compile(dir.input('client/views/main.pug', 'div\n  p= user.name\n')));
    expect(err.code).toBe('SS_ERR_BUILD');
    expect(err.message).toBe("client/views/main.pug:2: Cannot read properties of undefined (reading 'name')");
  });

  it('is SS_ERR_MISSING_PACKAGE naming the package and the file when the tool is not installed', async () => {
    class Absent extends PugFormatter {
      override readonly packageName = ABSENT_PACKAGE;
    }
    await expectMissingPackage(new Absent(), dir.input('client/views/main.pug', MAIN), 'client/views/main.pug');
  });
});
