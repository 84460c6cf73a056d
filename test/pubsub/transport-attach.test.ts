import { createApp, MemoryTransport, PubSubTransport, type TransportListener, Service } from 'socketstream';
import { Rpc, RpcService } from 'socketstream/decorators';
import { startApp } from '../support/app-fixture';
import { openRaw } from '../support/raw-socket';

@RpcService('news')
class NewsService extends Service {
  @Rpc() async everyone(text: string) {
    await this.publish.all('news', { text });
  }
}

/** A user's transport that shows what the base class hands its subclasses. */
class SpyTransport extends MemoryTransport {
  seen(): { listener: TransportListener; nodeId: string | undefined } {
    return { listener: this.listener, nodeId: this.nodeId };
  }
}

describe('attaching a PubSub transport to an app', () => {
  it('refuses a second app given the same transport, naming the transport class', async () => {
    const transport = new MemoryTransport();
    await using _first = await startApp({ services: [NewsService], pubsub: { transport } });
    let thrown: unknown;
    try {
      createApp({ services: [NewsService], pubsub: { transport }, logLevel: 'silent' });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ name: 'SocketStreamError', code: 'SS_ERR_TRANSPORT_IN_USE' });
    expect((thrown as Error).message).toContain('MemoryTransport');
    expect((thrown as Error).message).toContain('give each app its own transport');
  });

  it('lets a new app use the transport once the first app closed, and delivers to the new app', async () => {
    const transport = new MemoryTransport();
    const first = await startApp({ services: [NewsService], pubsub: { transport } });
    await first[Symbol.asyncDispose]();

    await using second = await startApp({ services: [NewsService], pubsub: { transport } });
    const client = await openRaw(second.url);
    await using _c = client.socket;
    client.socket.send({ t: 'rpc', id: 1, m: 'news.everyone', a: ['hello'] });
    const frames = [await client.socket.next(), await client.socket.next()];
    expect(frames).toEqual(expect.arrayContaining([{ t: 'ev', e: 'news', d: { text: 'hello' } }, { t: 'res', id: 1 }]));
  });

  it('frees the transport when createApp fails after attaching it', () => {
    const transport = new MemoryTransport();
    // ws options are checked after the transport was attached.
    expect(() => createApp({ services: [NewsService], pubsub: { transport }, ws: { maxInFlight: 0 }, logLevel: 'silent' })).toThrow(/ws\.maxInFlight/);
    const app = createApp({ services: [NewsService], pubsub: { transport }, logLevel: 'silent' });
    return app.close();
  });

  it('gives a subclass the attached listener and node id, and a detach that makes it free again', () => {
    const transport = new SpyTransport();
    expect(transport.seen().nodeId).toBeUndefined();
    const listener: TransportListener = { message: () => {}, channelMessage: () => {} };
    const detach = transport.attach(listener, 'node-1');
    expect(transport.seen()).toEqual({ listener, nodeId: 'node-1' });
    expect(() => transport.attach(listener, 'node-2')).toThrow(/SpyTransport is already used by another app/);
    detach();
    detach();
    expect(transport.seen().nodeId).toBeUndefined();
    expect(() => transport.attach(listener, 'node-2')()).not.toThrow();
  });

  it('refuses the old assignment of listener loudly, in the types and at run time', () => {
    const transport: PubSubTransport = new MemoryTransport();
    expect(() => {
      // @ts-expect-error the listener is the attached app's business: attach() sets it
      transport.listener = { message: () => {}, channelMessage: () => {} };
    }).toThrow(TypeError);
    // @ts-expect-error likewise the node id, protected
    expect(transport.nodeId).toBeUndefined();
  });
});
