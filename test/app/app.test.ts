import { Server } from 'node:http';
import { createApp, type Logger, RpcError, Service } from 'socketstream';
import { Rpc, RpcService } from 'socketstream/decorators';
import { connect } from 'socketstream/client';
import { startApp } from '../support/app-fixture';

@RpcService('greeter')
class Greeter extends Service {
  @Rpc() hello() {
    this.log.info('saying hello');
    return 'hello';
  }
}

describe('App', () => {
  it('listen(port) returns the http.Server carrying both HTTP and the WebSocket', async () => {
    const app = createApp({ services: [Greeter], logLevel: 'silent' });
    const server = app.listen(0, '127.0.0.1');
    try {
      expect(server).toBeInstanceOf(Server);
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      const { port } = server.address() as { port: number };
      const client = connect(`http://127.0.0.1:${port}`);
      await expect(client.rpc('greeter.hello')).resolves.toBe('hello');
      await client.close();
      expect((await fetch(`http://127.0.0.1:${port}/nothing-here`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('close() resolves once the port is free, and again when called twice', async () => {
    const app = createApp({ services: [Greeter], logLevel: 'silent' });
    const url = await app.start();
    const client = connect(url, { reconnect: false });
    await client.rpc('greeter.hello');
    await Promise.all([app.close(), app.close()]);
    expect(app.server?.listening).toBe(false);
    await expect(fetch(url)).rejects.toThrow();
    await client.close();
  });

  it('refuses to listen twice', async () => {
    await using s = await startApp({ services: [Greeter] });
    expect(() => s.app.listen(0)).toThrow(expect.objectContaining({ code: 'SS_ERR_ALREADY_STARTED' }));
  });

  it('answers WebSocket upgrades on other paths with 404 instead of leaving them hanging', async () => {
    await using s = await startApp({ services: [Greeter] });
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(s.url.replace('http', 'ws') + '/elsewhere');
    await expect(new Promise((_, reject) => ws.once('error', reject))).rejects.toThrow(/404/);
  });

  it("gives a Service subclass the app's logger, prefixed with the service name", async () => {
    const lines: string[] = [];
    const logger: Logger = { debug() {}, info: (m) => lines.push(m), warn() {}, error() {} };
    await using s = await startApp({ services: [Greeter], logger });
    const client = connect(s.url);
    await client.rpc('greeter.hello');
    await client.close();
    expect(lines).toContain('greeter: saying hello');
  });

  it('keeps RpcError codes to the closed set', () => {
    expect(() => new RpcError('TEAPOT' as never, 'no')).toThrow(expect.objectContaining({ code: 'SS_ERR_INVALID_ERROR_CODE', message: expect.stringContaining('TEAPOT') }));
  });
});
