import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { scaffoldApp } from '../../../src/cli/scaffold/scaffold-app';

const repo = join(__dirname, '..', '..', '..');
let tmp: string;

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ss-scaffold-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const read = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');

interface PackageJson {
  name: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** The DESIGN §1 layout, plus what a project needs around it. */
const LAYOUT = [
  '.gitignore',
  'README.md',
  'app.ts',
  'client/code/main/entry.ts',
  'client/css/app.css',
  'client/templates/greetings/greeting.html',
  'client/views/main.html',
  'jest.config.js',
  'package.json',
  'server/channels/greetings.ts',
  'server/responders/ping.ts',
  'server/rpc/hello.ts',
  'shared/greeting.ts',
  'test/hello.test.ts',
  'tsconfig.json',
];

describe('scaffoldApp (ss new)', () => {
  it('writes the DESIGN §1 layout, a test, tsconfig.json, jest.config.js, package.json, .gitignore and a README', () => {
    const dir = join(tmp, 'chat');
    const result = scaffoldApp({ dir });
    expect([...result.files].sort()).toEqual([...LAYOUT].sort());
    for (const file of LAYOUT) expect(existsSync(join(dir, file))).toBe(true);
    expect(result).toMatchObject({ dir, name: 'chat' });
  });

  it('names the package after the folder and points socketstream at this framework\'s folder', () => {
    const dir = join(tmp, 'Team Chat');
    scaffoldApp({ dir });
    const pkg = JSON.parse(read(dir, 'package.json')) as PackageJson;
    expect(pkg.name).toBe('team-chat');
    expect(pkg.dependencies.socketstream).toBe(`file:${repo}`);
    expect(pkg.scripts).toMatchObject({ dev: 'ss dev', build: 'ss build', start: 'ss start', test: 'jest' });
  });

  it('writes the socketstream dependency it is given instead', () => {
    const dir = join(tmp, 'app');
    expect(scaffoldApp({ dir, socketstream: '^0.2.0' }).socketstream).toBe('^0.2.0');
    expect((JSON.parse(read(dir, 'package.json')) as PackageJson).dependencies.socketstream).toBe('^0.2.0');
  });

  it('asks for the versions of every dependency that this repository uses', () => {
    const ours = JSON.parse(read(repo, 'package.json')) as PackageJson;
    const known = { ...ours.dependencies, ...ours.devDependencies };
    const dir = join(tmp, 'app');
    scaffoldApp({ dir });
    const pkg = JSON.parse(read(dir, 'package.json')) as PackageJson;
    const theirs = { ...pkg.dependencies, ...pkg.devDependencies };
    delete theirs.socketstream;
    expect(Object.keys(theirs).sort()).toEqual(['@swc/core', '@swc/jest', '@types/jest', '@types/node', 'class-validator', 'jest', 'reflect-metadata', 'typescript']);
    for (const [name, range] of Object.entries(theirs)) expect({ name, range }).toEqual({ name, range: known[name] });
  });

  it('turns on legacy decorators and decorator metadata for tsc and for Jest', () => {
    const dir = join(tmp, 'app');
    scaffoldApp({ dir });
    const { config, error } = ts.parseConfigFileTextToJson('tsconfig.json', read(dir, 'tsconfig.json'));
    expect(error).toBeUndefined();
    expect(config.compilerOptions).toMatchObject({ experimentalDecorators: true, emitDecoratorMetadata: true, useDefineForClassFields: false, strict: true });
    const jest = createRequire(__filename)(join(dir, 'jest.config.js')) as { transform: Record<string, [string, { jsc: { transform: object } }]>; setupFiles: string[] };
    const [transformer, swc] = Object.values(jest.transform)[0];
    expect(transformer).toBe('@swc/jest');
    expect(swc.jsc.transform).toMatchObject({ legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false });
    expect(jest.setupFiles).toEqual(['reflect-metadata']);
  });

  it('makes an app rooted at its folder, with a client main whose @View names a template it has', () => {
    const dir = join(tmp, 'app');
    scaffoldApp({ dir });
    expect(read(dir, 'app.ts')).toContain('root: __dirname');
    expect(read(dir, 'app.ts')).toContain("main: { view: 'main.html', code: 'main/entry.ts', css: ['app.css'], templates: ['greetings'] }");
    const [, template] = /@View\(\{ template: '([^']+)' \}\)/.exec(read(dir, 'client/code/main/entry.ts')) ?? [];
    expect(existsSync(join(dir, 'client', 'templates', `${template}.html`))).toBe(true);
    expect(read(dir, 'test/hello.test.ts')).toContain("from 'socketstream/testing'");
  });

  it('leaves no placeholder behind', () => {
    const dir = join(tmp, 'Placeholders');
    const { files } = scaffoldApp({ dir });
    for (const file of files) expect({ file, placeholder: read(dir, file).includes('__APP_NAME__') }).toEqual({ file, placeholder: false });
    expect(read(dir, 'client/views/main.html')).toContain('<title>placeholders</title>');
  });

  it('refuses a folder that is not empty, naming it and writing nothing', () => {
    const dir = join(tmp, 'busy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(() => scaffoldApp({ dir })).toThrow(
      expect.objectContaining({ name: 'SocketStreamError', code: 'SS_ERR_INVALID_ARGUMENT', message: `ss new ${dir}: the folder is not empty (notes.txt); choose a new folder, or pass --force to write the app's files into it` }),
    );
    expect(existsSync(join(dir, 'app.ts'))).toBe(false);
  });

  it('writes into a folder that is not empty with force, replacing its own files and keeping the others', () => {
    const dir = join(tmp, 'busy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    writeFileSync(join(dir, 'app.ts'), 'old');
    scaffoldApp({ dir, force: true });
    expect(read(dir, 'notes.txt')).toBe('mine');
    expect(read(dir, 'app.ts')).toContain('createApp');
  });

  it('takes an empty folder that exists, and makes missing parent folders', () => {
    mkdirSync(join(tmp, 'empty'));
    expect(scaffoldApp({ dir: join(tmp, 'empty') }).files).toHaveLength(LAYOUT.length);
    expect(scaffoldApp({ dir: join(tmp, 'a', 'b', 'c') }).files).toHaveLength(LAYOUT.length);
  });

  it('refuses a path that is a file', () => {
    writeFileSync(join(tmp, 'file'), '');
    expect(() => scaffoldApp({ dir: join(tmp, 'file'), force: true })).toThrow(expect.objectContaining({ code: 'SS_ERR_INVALID_ARGUMENT', message: expect.stringContaining('that is a file, not a folder') }));
  });
});
