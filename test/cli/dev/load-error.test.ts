import { join } from 'node:path';
import { transformSync } from '@swc/core';
import { describeLoadError } from '../../../src/cli/dev/load-error';
import { SocketStreamError } from '../../../src/errors/socketstream-error';

const root = join('/', 'work', 'my-app');

/** What swc throws for `source` compiled as `file`. */
function swcError(file: string, source: string): unknown {
  try {
    transformSync(source, { filename: file, jsc: { parser: { syntax: 'typescript' } } });
  } catch (err) {
    return err;
  }
  throw new Error('expected a syntax error');
}

describe('how ss dev describes an app that did not load', () => {
  it('names a syntax error by its file (relative) and line, with the code frame and no backtrace', () => {
    const err = swcError(join(root, 'server', 'rpc', 'hello.ts'), 'export const a = 1;\nexport function f( {\n  return 2;\n}\n');
    const failure = describeLoadError(err, root);
    expect(failure.summary).toMatch(/^server\/rpc\/hello\.ts:3: \S/);
    expect(failure.detail.join('\n')).toContain('3 |   return 2;');
    expect(failure.detail.join('\n')).not.toMatch(/backtrace|Caused by/);
  });

  it('finds the syntax error inside the framework\'s wrapper (a discovered module that did not compile)', () => {
    const swc = swcError(join(root, 'server', 'rpc', 'notes.ts'), 'export const a = 1;\nconst b = (1;\n') as Error;
    const wrapped = new SocketStreamError('SS_ERR_DISCOVERY_IMPORT', `could not import server/rpc/notes.ts: ${swc.message}`, { cause: swc });
    expect(describeLoadError(wrapped, root).summary).toMatch(/^server\/rpc\/notes\.ts:2: Expected/);
    const withoutCause = new SocketStreamError('SS_ERR_DISCOVERY_IMPORT', `could not import server/rpc/notes.ts: ${swc.message}`);
    expect(describeLoadError(withoutCause, root).summary).toMatch(/^server\/rpc\/notes\.ts:2: Expected/);
  });

  it("places what an app's module threw at the deepest app frame of its causes, with the wrapper's message and code", () => {
    const thrown = new TypeError('store is undefined');
    thrown.stack = `TypeError: store is undefined\n    at new Store (${join(root, 'shared', 'store.ts')}:12:9)\n    at Object.<anonymous> (${join(root, 'server', 'rpc', 'hello.ts')}:4:1)`;
    const wrapper = new SocketStreamError('SS_ERR_DISCOVERY_IMPORT', 'could not import server/rpc/hello.ts: store is undefined', { cause: thrown });
    wrapper.stack = `SocketStreamError: …\n    at discover (${join(root, 'node_modules', 'socketstream', 'dist', 'app.js')}:1:1)\n    at ${join(root, 'app.ts')}:5:3`;
    expect(describeLoadError(wrapper, root)).toEqual({
      summary: 'shared/store.ts:12: could not import server/rpc/hello.ts: store is undefined (SS_ERR_DISCOVERY_IMPORT)',
      detail: [],
      code: 'SS_ERR_DISCOVERY_IMPORT',
    });
  });

  it('keeps the error name of a plain error and says nothing of a place it does not know', () => {
    const err = new RangeError('too far');
    err.stack = 'RangeError: too far\n    at node:internal/x:1:1';
    expect(describeLoadError(err, root).summary).toBe('RangeError: too far');
    expect(describeLoadError('a string', root).summary).toBe('a string');
  });
});
