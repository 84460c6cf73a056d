// NestJS gateway on @nestjs/platform-ws: {"event","data"} frames both ways. Requests
// {"event":"add","data":{"id","a"}} and {"event":"join","data":{"id","c"}}; replies come back as the
// handlers' WsResponse {"event":"add"|"join","data":{"id","r"}}; published events are {"event":"msg","data"}.
const { openJsonWs } = require('./json-ws.cjs');

exports.open = (port) =>
  openJsonWs({
    url: `ws://127.0.0.1:${port}`,
    waitsForHello: false,
    add: (id, a, b) => `{"event":"add","data":{"id":${id},"a":[${a},${b}]}}`,
    join: (id, channel) => `{"event":"join","data":{"id":${id},"c":${JSON.stringify(channel)}}}`,
    replyId: (msg) => (msg.event === 'msg' ? undefined : msg.data.id),
    result: (msg) => msg.data.r,
    eventData: (msg) => msg.data,
  });
