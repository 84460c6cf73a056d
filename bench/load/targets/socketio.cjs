// Socket.IO 4 speaks its own framing; its client library keeps the comparison honest.
const { io } = require('socket.io-client');

exports.open = (port) =>
  new Promise((resolve, reject) => {
    const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('connect', () =>
      resolve({
        add: (a, b, cb) => socket.emit('add', a, b, cb),
        join: (channel, cb) => socket.emit('join', channel, () => cb()),
        onEvent: (cb) => socket.on('msg', cb),
        close: () => socket.disconnect(),
      }),
    );
    socket.once('connect_error', reject);
  });
