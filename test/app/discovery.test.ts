import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createApp } from 'socketstream';
import { connect } from 'socketstream/client';
import { ChatService } from './fixtures/discovery-app/server/rpc/chat';

const root = join(__dirname, 'fixtures', 'discovery-app');

describe('createApp discovery', () => {
  it('finds exported @RpcService classes under server/rpc and names them by path unless the decorator names them', async () => {
    const app = createApp({ root, logLevel: 'silent' });
    try {
      expect(app.services.map((s) => s.name).sort()).toEqual(['admin', 'admin.users', 'chat', 'reports.daily']);
      expect(app.methods.sort()).toEqual(['admin.ok', 'admin.users.count', 'chat.ping', 'reports.daily.today']);
    } finally {
      await app.close();
    }
  });

  it('takes a root relative to the working directory', async () => {
    const app = createApp({ root: relative(process.cwd(), root), logLevel: 'silent' });
    try {
      expect(app.methods).toContain('chat.ping');
    } finally {
      await app.close();
    }
  });

  it('uses only the listed services when services are given', async () => {
    const app = createApp({ root, services: [ChatService], logLevel: 'silent' });
    try {
      expect(app.methods).toEqual(['chat.ping']);
    } finally {
      await app.close();
    }
  });

  it('finds Responder subclasses under server/responders', async () => {
    const app = createApp({ root, logLevel: 'silent' });
    try {
      expect(app.responderNames).toEqual(['cursor']);
    } finally {
      await app.close();
    }
  });

  it('takes each kind from its list when given and discovers the others: listing services leaves channels and responders discovered', async () => {
    const app = createApp({ root, services: [ChatService], env: { NODE_ENV: 'test' }, logLevel: 'silent' });
    try {
      const url = await app.start();
      const ss = connect(url);
      try {
        await expect(ss.channel('room:1').join()).resolves.toBeUndefined();
        const cursor = ss.responder('cursor');
        const seen = new Promise((resolve) => cursor.on(resolve));
        cursor.send({ x: 1 });
        await expect(seen).resolves.toEqual({ seen: { x: 1 } });
      } finally {
        await ss.close();
      }
    } finally {
      await app.close();
    }
  });

  it('an empty list means none of that kind, whatever the folder holds', async () => {
    const app = createApp({ root, channels: [], responders: [], env: { NODE_ENV: 'test' }, logLevel: 'silent' });
    try {
      const url = await app.start();
      const ss = connect(url);
      try {
        await expect(ss.channel('room:1').join()).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect(app.responderNames).toEqual([]);
        expect(app.methods).toContain('chat.ping');
      } finally {
        await ss.close();
      }
    } finally {
      await app.close();
    }
  });

  it('names the file that failed to import', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-discovery-'));
    try {
      mkdirSync(join(dir, 'server', 'rpc'), { recursive: true });
      writeFileSync(join(dir, 'server', 'rpc', 'broken.js'), "throw new Error('boom');\n");
      expect(() => createApp({ root: dir, logLevel: 'silent' })).toThrow(
        expect.objectContaining({ code: 'SS_ERR_DISCOVERY_IMPORT', message: expect.stringContaining(join('server', 'rpc', 'broken.js')) }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file name that does not make a valid service name, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-badname-'));
    try {
      mkdirSync(join(dir, 'server', 'rpc'), { recursive: true });
      writeFileSync(
        join(dir, 'server', 'rpc', 'my-chat.js'),
        "const { RpcService } = require('socketstream/decorators');\nclass MyChat {}\nRpcService()(MyChat);\nmodule.exports = { MyChat };\n",
      );
      expect(() => createApp({ root: dir, logLevel: 'silent' })).toThrow(expect.objectContaining({ code: 'SS_ERR_INVALID_NAME', message: expect.stringContaining('my-chat.js') }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts with no services when server/rpc does not exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-empty-'));
    const app = createApp({ root: dir, logLevel: 'silent' });
    try {
      expect(app.methods).toEqual([]);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a listed class that is not an @RpcService', () => {
    class Plain {}
    expect(() => createApp({ services: [Plain], logLevel: 'silent' })).toThrow(expect.objectContaining({ code: 'SS_ERR_NOT_A_SERVICE', message: expect.stringContaining('Plain') }));
  });
});
