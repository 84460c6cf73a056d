// Raw ws: {"id","m","a"} requests, {"id","r"} replies, {"e","d"} events.
const { openJsonWs } = require('./json-ws.cjs');

exports.open = (port) =>
  openJsonWs({
    url: `ws://127.0.0.1:${port}`,
    waitsForHello: false,
    add: (id, a, b) => `{"id":${id},"m":"add","a":[${a},${b}]}`,
    join: (id, channel) => `{"id":${id},"m":"join","c":${JSON.stringify(channel)}}`,
    replyId: (msg) => msg.id,
    result: (msg) => msg.r,
    eventData: (msg) => msg.d,
  });
