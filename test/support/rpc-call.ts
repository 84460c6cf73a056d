import { openRaw, type RawSocket } from './raw-socket';

/** A raw socket with a `call` helper that returns the reply frame of one request. */
export interface Caller extends AsyncDisposable {
  socket: RawSocket;
  call(method: string, ...args: unknown[]): Promise<Record<string, unknown>>;
}

export async function caller(url: string, cookie?: string): Promise<Caller> {
  const { socket } = await openRaw(url, cookie ? { headers: { cookie } } : {});
  let id = 0;
  return {
    socket,
    async call(method, ...args) {
      socket.send({ t: 'rpc', id: ++id, m: method, a: args });
      return socket.next();
    },
    [Symbol.asyncDispose]: () => socket[Symbol.asyncDispose](),
  };
}
