// A client for targets that speak JSON text frames over a plain WebSocket. Each target gives its
// own frame shapes; replies are matched to calls by id, everything else is a published event.
const WebSocket = require('ws');

const zeroMask = (mask) => mask.fill(0);

/**
 * @param {object} spec
 * @param {string} spec.url            WebSocket URL
 * @param {boolean} spec.waitsForHello the server's first frame means "ready" (SocketStream)
 * @param {(id: number, a: number, b: number) => string} spec.add    encodes add(a, b)
 * @param {(id: number, channel: string) => string} spec.join        encodes a join of `channel`
 * @param {(msg: any) => number | undefined} spec.replyId            id of a reply, undefined for events
 * @param {(msg: any) => unknown} spec.result                        a reply's result
 * @param {(msg: any) => unknown} spec.eventData                     an event's published data
 */
exports.openJsonWs = function openJsonWs(spec) {
  return new Promise((resolve, reject) => {
    // An all-zero mask, which ws then does not apply: masking protects proxies that might
    // mistake frames for HTTP, and there is none on loopback. It lightens the load generator,
    // the bottleneck on two cores, the same way for every target that uses this client.
    const socket = new WebSocket(spec.url, { perMessageDeflate: false, generateMask: zeroMask });
    const pending = new Map();
    let nextId = 1;
    let onEvent = () => undefined;
    // Calls made in one turn (the replies of one read each start a new call) leave in one write:
    // with a write per call, the generator's syscalls made it, not the server, the bottleneck.
    // Every target on this client (ws, SocketStream, Nest) gets the same batched load.
    let corked = false;
    const uncork = () => {
      corked = false;
      socket._socket?.uncork();
    };
    const client = {
      add(a, b, cb) {
        const id = nextId++;
        pending.set(id, cb);
        if (!corked && socket._socket) {
          corked = true;
          socket._socket.cork();
          process.nextTick(uncork);
        }
        socket.send(spec.add(id, a, b));
      },
      join(channel, cb) {
        const id = nextId++;
        pending.set(id, cb);
        socket.send(spec.join(id, channel));
      },
      onEvent(cb) {
        onEvent = cb;
      },
      close() {
        socket.terminate();
      },
    };
    let ready = !spec.waitsForHello;
    socket.on('message', (data) => {
      const msg = JSON.parse(data);
      if (!ready) {
        ready = true;
        resolve(client);
        return;
      }
      const id = spec.replyId(msg);
      if (id === undefined) return onEvent(spec.eventData(msg));
      const cb = pending.get(id);
      if (cb === undefined) return;
      pending.delete(id);
      cb(spec.result(msg));
    });
    socket.once('error', reject);
    if (ready) socket.once('open', () => resolve(client));
  });
};
