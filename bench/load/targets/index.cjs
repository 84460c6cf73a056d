// Client adapters, one per target: open(port) resolves with { add(a, b, cb), join(channel, cb),
// onEvent(cb), close() } once the connection is usable (for SocketStream: hello received).
exports.targets = {
  ws: require('./ws.cjs'),
  socketstream: require('./socketstream.cjs'),
  socketio: require('./socketio.cjs'),
  nest: require('./nest.cjs'),
};
