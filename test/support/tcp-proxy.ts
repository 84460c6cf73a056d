import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A plain TCP load balancer for one test: forwards every new connection to the current target
 * port, no stickiness. `target` can change at any time (a node died, traffic moves).
 */
export class TcpProxy implements AsyncDisposable {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  target: number;
  port = 0;
  private paused = false;

  private constructor(target: number) {
    this.target = target;
    this.server = createServer((client) => {
      if (this.paused) {
        client.destroy();
        return;
      }
      const upstream = connect(this.target, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
  }

  static async start(target: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.server.address() as { port: number }).port;
    return proxy;
  }

  /** Drops every connection going through the proxy (a network failure); new ones still go through. */
  cut(): void {
    for (const s of this.sockets) s.destroy();
  }

  /** Refuses new connections until `resume` (the network stays down). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
