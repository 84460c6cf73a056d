import { connect as connectTcp } from 'node:net';

/** RFC 6455 §1.3's example key and the accept value it must produce. */
export const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
export const ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

/** A handshake request written by hand, with `headers` overriding the valid defaults (null removes one). */
export function request(headers: Record<string, string | null> = {}, method = 'GET'): string {
  const all: Record<string, string | null> = { Host: 'x', Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': KEY, ...headers };
  const lines = Object.entries(all).flatMap(([name, value]) => (value === null ? [] : [`${name}: ${value}`]));
  return `${method} /_ss/ws HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** Sends `bytes` on a fresh TCP connection and collects what comes back until `done` says so or the server closes. */
export function exchange(url: string, bytes: string | Buffer, done: (received: Buffer) => boolean = () => false): Promise<{ received: Buffer; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const socket = connectTcp(Number(new URL(url).port), '127.0.0.1', () => socket.write(bytes));
    const timer = setTimeout(() => finish(false), 2000);
    const finish = (closedByServer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ received, closedByServer });
    };
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (done(received)) finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('error', reject);
  });
}

/** The HTTP status the server answers a hand-written upgrade with (101 when it is accepted). */
export async function upgradeStatus(url: string, headers: Record<string, string | null>): Promise<number> {
  const { received } = await exchange(url, request(headers), (r) => r.includes('\r\n\r\n'));
  return Number(/^HTTP\/1\.1 (\d{3}) /.exec(received.toString('latin1'))?.[1]);
}
