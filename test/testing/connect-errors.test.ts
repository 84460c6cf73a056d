import { RpcError } from 'socketstream';
import { createTestingApp } from 'socketstream/testing';

describe('TestingApp.connect when the client cannot connect', () => {
  it('rejects at once with an UNAVAILABLE RpcError naming the URL, the transport error in its message and as its cause', async () => {
    const app = await createTestingApp().start();
    await app.close();
    const port = new URL(app.url).port;
    const error: unknown = await app.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      message: `TestingApp.connect: cannot connect to ${app.url} (connect ECONNREFUSED 127.0.0.1:${port})`,
      cause: expect.objectContaining({ code: 'ECONNREFUSED', message: `connect ECONNREFUSED 127.0.0.1:${port}` }),
    });
  });

  it('names the HTTP status the server answered the upgrade with (a wrong WebSocket path)', async () => {
    await using app = await createTestingApp().start();
    const error: unknown = await app.connect({ path: '/not-the-socket' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/^TestingApp\.connect: cannot connect to http:\/\/127\.0\.0\.1:\d+ \(Unexpected server response: \d{3}\)$/) });
    expect((error as Error).cause).toMatchObject({ message: expect.stringContaining('Unexpected server response') });
    // The app is still fine for a client that asks the right path.
    await expect(app.connect()).resolves.toMatchObject({ connected: true });
  });
});
