// Raw ws with JSON frames carrying ids: the practical limit of Node + ws + JSON.
const { WebSocketServer } = require('ws');
const { serve } = require('./control.cjs');

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
const subscribers = new Set();
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const msg = JSON.parse(data);
    if (msg.m === 'add') socket.send(JSON.stringify({ id: msg.id, r: msg.a[0] + msg.a[1] }));
    else if (msg.m === 'join') {
      subscribers.add(socket);
      socket.send(JSON.stringify({ id: msg.id, r: true }));
    }
  });
  socket.on('close', () => subscribers.delete(socket));
});
wss.on('listening', () =>
  serve(wss.address().port, {
    publish: async (data) => {
      const text = JSON.stringify({ e: 'msg', d: data });
      for (const s of subscribers) s.send(text);
    },
    close: () => new Promise((r) => wss.close(r)),
  }),
);
