// SocketStream's wire protocol (docs/protocol.md): a hello first, then rpc/join frames and ev events.
const { openJsonWs } = require('./json-ws.cjs');

exports.open = (port) =>
  openJsonWs({
    url: `ws://127.0.0.1:${port}/_ss/ws`,
    waitsForHello: true,
    add: (id, a, b) => `{"t":"rpc","id":${id},"m":"math.add","a":[${a},${b}]}`,
    join: (id, channel) => `{"t":"join","id":${id},"c":${JSON.stringify(channel)}}`,
    replyId: (msg) => (msg.t === 'ev' ? undefined : msg.id),
    result: (msg) => msg.r,
    eventData: (msg) => msg.d,
  });
