import type { Duplex } from 'node:stream';
import { WebSocket, type WebSocketServer } from 'ws';
import { SocketStreamError } from '../errors/socketstream-error';

/** ws's resolved server options: defaults filled in by the WebSocketServer constructor. */
type ServerOptions = Record<string, unknown>;

/** What WebSocketServer itself uses, after writing its 101 response, to start a server-side WebSocket. */
interface Adoptable {
  setSocket(socket: Duplex, head: Buffer, options: ServerOptions): void;
  /** What `ws.protocol` returns; handleUpgrade sets it to the subprotocol it chose. */
  _protocol: string;
}
type ServerSideWebSocket = new (address: null, protocols: undefined, options: ServerOptions) => WebSocket & Adoptable;

/**
 * Turns an upgraded socket whose 101 response has been written into a ws `WebSocket`, exactly as
 * `WebSocketServer.handleUpgrade` does after its own write. The transport writes the 101 itself
 * so that the session cookie and the hello frame leave in the same write; the options (limits,
 * auto-pong, close timeout) are the ones `wss` resolved, so ws's defaults apply unchanged.
 */
export class SocketAdopter {
  private readonly options: ServerOptions;

  constructor(wss: WebSocketServer) {
    const options = (wss as unknown as { options?: ServerOptions }).options;
    if (typeof (WebSocket.prototype as Partial<Adoptable>).setSocket !== 'function' || typeof options !== 'object') {
      throw new SocketStreamError('SS_ERR_WS_INCOMPATIBLE', 'the installed ws has no WebSocket#setSocket or WebSocketServer#options; SocketStream needs ws 8');
    }
    this.options = options;
  }

  /**
   * A server-side WebSocket on `socket`; `head` is what the client sent after its request,
   * `protocol` the subprotocol the 101 response chose, if any.
   */
  adopt(socket: Duplex, head: Buffer, protocol: string | undefined): WebSocket {
    const ws = new (WebSocket as unknown as ServerSideWebSocket)(null, undefined, this.options);
    if (protocol !== undefined) ws._protocol = protocol;
    ws.setSocket(socket, head, this.options);
    return ws;
  }
}
