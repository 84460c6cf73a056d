import { SocketStreamError } from '../../../src/errors/socketstream-error';
import { loadOptionalPackage } from '../../../src/build/optional-package';
import { FixtureDir } from './fixture-dir';

describe('loadOptionalPackage', () => {
  let dir: FixtureDir;
  beforeEach(() => {
    dir = new FixtureDir();
  });
  afterEach(() => dir.remove());

  it("loads the tool from the app's node_modules first, so the version the app pinned wins", () => {
    dir.write('node_modules/sass/package.json', JSON.stringify({ name: 'sass', version: '0.0.0-app', main: 'index.js' }));
    dir.write('node_modules/sass/index.js', "module.exports = { from: 'the app' };");
    const tool = loadOptionalPackage<{ from?: string }>('sass', { root: dir.root, file: dir.path('client/css/app.scss') }).exports;
    expect(tool.from).toBe('the app');
  });

  it("falls back to the framework's own dependencies when the app has not installed it", () => {
    const sass = loadOptionalPackage<{ compileStringAsync?: unknown }>('sass', { root: dir.root, file: dir.path('client/css/app.scss') }).exports;
    expect(typeof sass.compileStringAsync).toBe('function');
  });

  it('is SS_ERR_MISSING_PACKAGE naming the file, the package and the command to install it when neither has it', () => {
    const load = () => loadOptionalPackage('ss-test-no-such-tool', { root: dir.root, file: dir.path('client/css/app.fancy') });
    expect(load).toThrow(SocketStreamError);
    try {
      load();
    } catch (err) {
      expect((err as SocketStreamError).code).toBe('SS_ERR_MISSING_PACKAGE');
      expect((err as SocketStreamError).message).toBe('compiling client/css/app.fancy needs the "ss-test-no-such-tool" package: npm install --save-dev ss-test-no-such-tool');
      expect(((err as SocketStreamError).cause as { code?: string }).code).toBe('MODULE_NOT_FOUND');
    }
  });

  it('names a scoped package as it is installed', () => {
    expect(() => loadOptionalPackage('@ss-test/no-such-tool', { root: dir.root, file: dir.path('a.x') })).toThrow(
      'compiling a.x needs the "@ss-test/no-such-tool" package: npm install --save-dev @ss-test/no-such-tool',
    );
  });

  it('lets the load error of an installed but broken tool through instead of calling it missing', () => {
    dir.write('node_modules/ss-test-broken-tool/package.json', JSON.stringify({ name: 'ss-test-broken-tool', main: 'index.js' }));
    dir.write('node_modules/ss-test-broken-tool/index.js', "require('ss-test-its-missing-dependency');");
    let thrown: unknown;
    try {
      loadOptionalPackage('ss-test-broken-tool', { root: dir.root, file: dir.path('a.x') });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).not.toBeInstanceOf(SocketStreamError);
    expect((thrown as Error).message).toContain("'ss-test-its-missing-dependency'");
  });
});
