import WebSocket from 'ws';

/** A bare `ws` client for protocol-level tests: sends text, awaits frames in order. */
export class RawSocket implements AsyncDisposable {
  private readonly frames: unknown[] = [];
  private readonly waiters: Array<(frame: unknown) => void> = [];
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number }>;
  upgradeHeaders: Record<string, string | string[] | undefined> = {};

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(url.replace(/^http/, 'ws') + '/_ss/ws', options);
    this.ws.on('upgrade', (res) => {
      this.upgradeHeaders = res.headers;
    });
    this.ws.on('message', (data) => {
      const frame: unknown = JSON.parse(String(data));
      const waiter = this.waiters.shift();
      if (waiter) waiter(frame);
      else this.frames.push(frame);
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code) => resolve({ code })));
  }

  /** The next frame the server sent. */
  next<T = Record<string, unknown>>(timeoutMs = 3000): Promise<T> {
    if (this.frames.length) return Promise.resolve(this.frames.shift() as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no frame within ' + timeoutMs + ' ms')), timeoutMs);
      this.waiters.push((f) => {
        clearTimeout(timer);
        resolve(f as T);
      });
    });
  }

  send(data: string | object): void {
    this.ws.send(typeof data === 'string' ? data : JSON.stringify(data));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.terminate();
    await this.closed;
  }
}

/** Opens a raw socket and consumes the hello frame. */
export async function openRaw(url: string, options?: WebSocket.ClientOptions): Promise<{ socket: RawSocket; hello: Record<string, unknown> }> {
  const socket = new RawSocket(url, options);
  await socket.opened;
  const hello = await socket.next();
  return { socket, hello };
}
