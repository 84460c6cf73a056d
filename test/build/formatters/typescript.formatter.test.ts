import { SocketStreamError } from '../../../src/errors/socketstream-error';
import { parseSwcError, TypeScriptFormatter } from '../../../src/build/formatters/typescript.formatter';
import { FixtureDir, parsedMap, rejectionOf } from './fixture-dir';

const SERVICE = `import { Store } from './store';
import type { Options } from './options';

function Injectable(): ClassDecorator {
  return () => undefined;
}

@Injectable()
export class ChatService {
  constructor(private readonly store: Store, name: string, options: Options) {}
  count?: number;
}
`;

describe('TypeScriptFormatter', () => {
  let dir: FixtureDir;
  const formatter = new TypeScriptFormatter();
  beforeEach(() => {
    dir = new FixtureDir();
  });
  afterEach(() => dir.remove());

  it('compiles .ts, .mts and .tsx to an ES module', () => {
    expect(formatter.extensions).toEqual(['.ts', '.mts', '.tsx']);
    expect(formatter.kind).toBe('js');
    expect(formatter.packageName).toBeUndefined();
  });

  it('emits legacy decorators with design:paramtypes metadata and keeps the imports as ES imports', async () => {
    const out = await formatter.compile(dir.input('client/code/main/chat.ts', SERVICE));
    expect(out.code).toMatch(/_ts_metadata\("design:paramtypes", \[\s*typeof Store === "undefined" \? Object : Store,\s*String,\s*typeof Options === "undefined" \? Object : Options\s*\]\)/);
    expect(out.code).toContain('_ts_decorate([');
    expect(out.code).toContain("import { Store } from './store';");
    expect(out.code).not.toContain('./options'); // type-only import erased
    expect(out.code).toContain('export class ChatService');
    expect(out.code).not.toMatch(/\bcount\b/); // useDefineForClassFields: false, no field initialiser
    expect(out.code).not.toContain('require(');
    expect(out.dependencies ?? []).toEqual([]);
  });

  it('gives a source map of the file, with its content', async () => {
    const input = dir.input('client/code/main/chat.ts', SERVICE);
    const map = parsedMap((await formatter.compile(input)).map);
    expect(map.version).toBe(3);
    expect(map.sources).toEqual([input.file]);
    expect(map.sourcesContent).toEqual([SERVICE]);
    expect(map.mappings.length).toBeGreaterThan(0);
  });

  it('gives no source map when none is asked for, and does not minify in production (the bundler does)', async () => {
    const out = await formatter.compile(dir.input('client/code/main/chat.ts', SERVICE, { sourceMap: false, production: true }));
    expect(out.map).toBeUndefined();
    expect(out.code).toContain('constructor(store, name, options)');
  });

  it('compiles the source it is given, not the file on disk', async () => {
    const input = { ...dir.input('client/code/a.ts', 'export const a: number = 1;'), source: 'export const b: string = "edited";' };
    expect((await formatter.compile(input)).code).toContain('export const b = "edited"');
  });

  it('compiles .tsx with the automatic JSX runtime, from react unless told otherwise', async () => {
    const view = 'export const Hello = ({ name }: { name: string }) => <p class="x">{name}</p>;\n';
    expect((await formatter.compile(dir.input('client/code/hello.tsx', view))).code).toContain('from "react/jsx-runtime"');
    const preact = new TypeScriptFormatter({ jsxImportSource: 'preact' });
    expect((await preact.compile(dir.input('client/code/hello.tsx', view))).code).toContain('from "preact/jsx-runtime"');
  });

  it('reads no .swcrc beside the app', async () => {
    dir.write('.swcrc', JSON.stringify({ jsc: { target: 'es5' }, module: { type: 'commonjs' } }));
    const out = await formatter.compile(dir.input('client/code/a.ts', 'export const f = async () => 1;\n'));
    expect(out.code).toContain('export const f = async ()=>1;');
  });

  it('turns a syntax error into SS_ERR_BUILD naming the file relative to the app, line and column, without swc backtrace', async () => {
    const err = await rejectionOf(formatter.compile(dir.input('client/code/main/bad.ts', 'const a = 1;\nfunction (x: number {\n')));
    expect(err).toBeInstanceOf(SocketStreamError);
    expect(err.code).toBe('SS_ERR_BUILD');
    expect(err.message).toBe('client/code/main/bad.ts:2:10: Expected ident');
    expect(err.cause).toBeDefined();
  });

  it('reads the place and the first message out of swc error text, ANSI colours and Rust backtrace included', () => {
    const esc = String.fromCharCode(27);
    const raw = [
      `  ${esc}[31mx${esc}[0m Expression expected`,
      '   ,-[/app/client/code/a.ts:8:1]',
      ' 7 | }',
      ' 8 | const el = <div/>;',
      '   :                ^',
      "   `----",
      '  x Another',
      '',
      'Caused by:',
      '    Syntax Error',
      '',
      'Stack backtrace:',
      '   0: <unknown>',
    ].join('\n');
    expect(parseSwcError(raw)).toEqual({ message: 'Expression expected', line: 8, column: 16 });
    expect(parseSwcError('failed to handle: nothing else')).toEqual({ message: 'failed to handle: nothing else' });
  });
});
