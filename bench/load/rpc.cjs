// Load generator for the rpc scenario: `clients` sockets × `inflight` calls of add(a, b) kept in
// flight; after `warmupMs` it prints "measure-start", after `measureMs` more "measure-end", then a
// JSON line with calls, latency percentiles and its own CPU. Every loop stops by itself.
const WebSocket = require('ws');

const [target, port, clients, inflight, warmupMs, measureMs] = process.argv.slice(2);
const protocols = {
  socketstream: {
    url: `ws://127.0.0.1:${port}/_ss/ws`,
    waitsForHello: true,
    request: (id) => `{"t":"rpc","id":${id},"m":"math.add","a":[${id % 100},2]}`,
  },
  ws: { url: `ws://127.0.0.1:${port}`, waitsForHello: false, request: (id) => `{"id":${id},"m":"add","a":[${id % 100},2]}` },
};
const protocol = protocols[target];

let phase = 'warmup';
let calls = 0;
let errors = 0;
const latencies = [];

/** Socket.IO speaks its own framing; its client library keeps the comparison honest. */
function openSocketIo() {
  const { io } = require('socket.io-client');
  return new Promise((resolve, reject) => {
    const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function driveSocketIo(socket) {
  let next = 1;
  const send = () => {
    const id = next++;
    const started = process.hrtime.bigint();
    socket.emit('add', id % 100, 2, (r) => {
      if (r !== (id % 100) + 2) errors++;
      if (phase === 'measure') {
        calls++;
        latencies.push(Number(process.hrtime.bigint() - started) / 1000);
      }
      if (phase !== 'done') send();
    });
  };
  for (let i = 0; i < Number(inflight); i++) send();
}

function open() {
  if (target === 'socketio') return openSocketIo();
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(protocol.url, { perMessageDeflate: false });
    socket.once('error', reject);
    if (protocol.waitsForHello) socket.once('message', () => resolve(socket));
    else socket.once('open', () => resolve(socket));
  });
}

function drive(socket) {
  const sentAt = new Map();
  let next = 1;
  const send = () => {
    const id = next++;
    sentAt.set(id, process.hrtime.bigint());
    socket.send(protocol.request(id));
  };
  socket.on('message', (data) => {
    const reply = JSON.parse(data);
    const started = sentAt.get(reply.id);
    if (started === undefined) return;
    sentAt.delete(reply.id);
    if (reply.r !== (reply.id % 100) + 2) errors++;
    if (phase === 'measure') {
      calls++;
      latencies.push(Number(process.hrtime.bigint() - started) / 1000);
    }
    if (phase !== 'done') send();
  });
  for (let i = 0; i < Number(inflight); i++) send();
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

(async () => {
  const sockets = await Promise.all(Array.from({ length: Number(clients) }, open));
  sockets.forEach(target === 'socketio' ? driveSocketIo : drive);
  await new Promise((r) => setTimeout(r, Number(warmupMs)));
  console.log('measure-start');
  const cpuStart = process.cpuUsage();
  const started = process.hrtime.bigint();
  phase = 'measure';
  await new Promise((r) => setTimeout(r, Number(measureMs)));
  phase = 'done';
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  console.log('measure-end');
  latencies.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      calls,
      errors,
      seconds,
      callsPerSecond: calls / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      loadCpuShare: (cpu.user + cpu.system) / 1e6 / seconds,
    }),
  );
  for (const s of sockets) {
    if (s.terminate) s.terminate();
    else s.disconnect();
  }
  process.exit(0);
})();
