import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { RpcError, SocketStreamError } from 'socketstream';
import { RpcError as ClientRpcError } from 'socketstream/client';
import { bundleBrowserCode } from '../../src/build/bundle-browser-code';
import { LuaScript } from '../../src/pubsub/redis/lua-script';
import { CookieSigner } from '../../src/session/cookie-signer';
import { HmacKey } from '../../src/session/hmac-key';
import { upgradeResponse } from '../../src/transport/handshake';

/**
 * Errors that used to be a plain Error, TypeError or RangeError now carry a stable code. Some
 * guard internal invariants no public entry point can break (the app filters empty secrets, the
 * transport writes ASCII), so they are tested on their module.
 */
describe('codes of errors that had none', () => {
  it('SS_ERR_INVALID_ERROR_CODE: new RpcError with a code outside ERROR_CODES, on the server and in the client', () => {
    for (const Ctor of [RpcError, ClientRpcError]) {
      let caught: unknown;
      try {
        new Ctor('TEAPOT' as never, 'short and stout');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(TypeError);
      expect(caught).toMatchObject({ code: 'SS_ERR_INVALID_ERROR_CODE', message: expect.stringMatching(/^new RpcError\("TEAPOT", …\): the code is not one of ERROR_CODES \(docs\/errors\.md\)$/) });
    }
  });

  it('SS_ERR_NO_SECRET: a CookieSigner without a secret, or with an empty one', () => {
    for (const keys of [[], [''], ['good', '']]) {
      expect(() => new CookieSigner(keys)).toThrow(expect.objectContaining({ name: 'SocketStreamError', code: 'SS_ERR_NO_SECRET', message: expect.stringContaining('CookieSigner') }));
    }
  });

  it('SS_ERR_NO_SECRET: an HmacKey of an empty secret', () => {
    expect(() => new HmacKey(Buffer.alloc(0))).toThrow(expect.objectContaining({ code: 'SS_ERR_NO_SECRET', message: expect.stringContaining('HmacKey') }));
  });

  it('SS_ERR_HANDSHAKE_RESPONSE: a 101 response that cannot be sent byte for byte, without quoting the cookie', () => {
    const req = { key: 'dGhlIHNhbXBsZSBub25jZQ==', protocol: undefined };
    const cookie = 'Set-Cookie: ss.sid=s\u010Acret\r\n';
    expect(() => upgradeResponse(req, cookie, '{}')).toThrow(expect.objectContaining({ code: 'SS_ERR_HANDSHAKE_RESPONSE', message: expect.stringContaining('upgradeResponse(): the 101 response headers') }));
    expect(() => upgradeResponse(req, cookie, '{}')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('cret') }));
    expect(() => upgradeResponse(req, '', '"é"')).toThrow(expect.objectContaining({ code: 'SS_ERR_HANDSHAKE_RESPONSE', message: expect.stringContaining('hello frame must be ASCII') }));
    expect(() => upgradeResponse(req, '', 'x'.repeat(0x10000))).toThrow(expect.objectContaining({ code: 'SS_ERR_HANDSHAKE_RESPONSE', message: expect.stringContaining('65536 bytes is too long') }));
  });

  it('SS_ERR_INVALID_ARGUMENT: a Lua script run with the wrong number of keys, before anything reaches Redis', async () => {
    const script = new LuaScript('return 1', 2);
    const client = {
      evalsha: () => Promise.reject(new Error('must not be called')),
      eval: () => Promise.reject(new Error('must not be called')),
    } as unknown as Redis;
    await expect(script.run(client, ['only-one'], [])).rejects.toMatchObject({ code: 'SS_ERR_INVALID_ARGUMENT', message: expect.stringContaining('LuaScript.run(client, keys, args): script ') });
    await expect(script.run(client, ['only-one'], [])).rejects.toMatchObject({ message: expect.stringContaining('takes 2 keys, got 1') });
  });

  describe('SS_ERR_BUILD', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'ss-build-errors-'));
      writeFileSync(join(dir, 'missing-import.ts'), "import { nothing } from './not-there';\nconsole.log(nothing);\n");
      writeFileSync(join(dir, 'syntax-error.ts'), 'export const x = ;\n');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('on a rollup warning, naming the entry, with the warning as the cause', async () => {
      const entry = join(dir, 'missing-import.ts');
      const err = (await bundleBrowserCode({ entry }).catch((e: unknown) => e)) as SocketStreamError;
      expect(err).toBeInstanceOf(SocketStreamError);
      expect(err).toMatchObject({ code: 'SS_ERR_BUILD', message: expect.stringContaining(`bundleBrowserCode({ entry: ${JSON.stringify(entry)} })`) });
      expect(err.message).toContain('not-there');
      expect(err.cause).toBeDefined();
    });

    it('on a compile error, naming the module', async () => {
      const entry = join(dir, 'syntax-error.ts');
      const err = (await bundleBrowserCode({ entry }).catch((e: unknown) => e)) as SocketStreamError;
      expect(err).toMatchObject({ code: 'SS_ERR_BUILD', message: expect.stringContaining('syntax-error.ts') });
      expect(err.cause).toBeDefined();
    });
  });
});
