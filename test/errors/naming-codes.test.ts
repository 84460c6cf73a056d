import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from 'socketstream';
import { Rpc, RpcService } from 'socketstream/decorators';

describe('codes of naming and discovery faults', () => {
  it('SS_ERR_INVALID_NAME: a listed class whose name makes no service name, naming the class', () => {
    @RpcService()
    class ÜberService {
      @Rpc() go() {}
    }
    expect(() => createApp({ services: [ÜberService], logLevel: 'silent' })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_INVALID_NAME', message: expect.stringContaining('the class ÜberService would be served as "über"') }),
    );
  });

  it('SS_ERR_INVALID_NAME: an anonymous listed class', () => {
    const [anonymous] = [class {}];
    RpcService()(anonymous);
    expect(() => createApp({ services: [anonymous], logLevel: 'silent' })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_INVALID_NAME', message: expect.stringContaining('an anonymous class would be served as "", which is not dot-separated identifiers; name the service with @RpcService(name)') }),
    );
  });

  it('serves a listed class named by @RpcService whatever its class name', async () => {
    @RpcService('uber')
    class ÜberService {
      @Rpc() go() {}
    }
    const app = createApp({ services: [ÜberService], logLevel: 'silent' });
    expect(app.methods).toEqual(['uber.go']);
    await app.close();
  });

  it('SS_ERR_DISCOVERY_READ: a server/rpc that is a file, not a directory, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-unreadable-'));
    try {
      mkdirSync(join(dir, 'server'));
      writeFileSync(join(dir, 'server', 'rpc'), 'not a directory');
      expect(() => createApp({ root: dir, logLevel: 'silent' })).toThrow(
        expect.objectContaining({ code: 'SS_ERR_DISCOVERY_READ', message: expect.stringContaining(`could not read ${join(dir, 'server', 'rpc')}`), cause: expect.objectContaining({ code: 'ENOTDIR' }) }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
