// Socket.IO 4: websocket transport only, acknowledgements for RPC, a room for fan-out.
const { createServer } = require('node:http');
const { Server } = require('socket.io');
const { serve } = require('./control.cjs');

const http = createServer();
const io = new Server(http, { transports: ['websocket'], perMessageDeflate: false });
io.on('connection', (socket) => {
  socket.on('add', (a, b, ack) => ack(a + b));
  socket.on('join', (room, ack) => {
    socket.join(room);
    ack(true);
  });
});
http.listen(0, '127.0.0.1', () =>
  serve(http.address().port, {
    publish: async (data) => {
      io.to('feed:1').emit('msg', data);
    },
    close: () => new Promise((r) => io.close(() => r())),
  }),
);
