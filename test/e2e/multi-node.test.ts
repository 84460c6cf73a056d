import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { connect, type SocketStreamClient } from 'socketstream/client';
import { eventually } from '../support/eventually';
import { startRedis } from '../support/redis-server';
import { TcpProxy } from '../support/tcp-proxy';

const root = join(__dirname, '..', '..');

interface Node {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
}

/** Starts one app process of the fixture on a free port, sharing `redisUrl`. */
function startNode(name: string, redisUrl: string): Promise<Node> {
  const child = spawn(process.execPath, ['--require', '@swc-node/register', join(__dirname, 'fixtures', 'multi-node', 'node-app.ts')], {
    cwd: root,
    env: { ...process.env, REDIS_URL: redisUrl, NODE_NAME: name, SWC_NODE_PROJECT: join(root, 'tsconfig.json'), NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${name} did not start: ${stderr}`)), 20_000);
    child.stdout?.on('data', (d) => {
      const m = /listening (\S+)/.exec(String(d));
      if (m) {
        clearTimeout(timer);
        resolve({ name, url: m[1], port: Number(new URL(m[1]).port), child });
      }
    });
    child.once('exit', (code) => reject(new Error(`node ${name} exited with ${code}: ${stderr}`)));
  });
}

function stop(node: Node, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    node.child.once('exit', () => resolve());
    node.child.kill(signal);
  });
}

describe('several app processes sharing Redis', () => {
  const nodes: Node[] = [];
  const clients: SocketStreamClient[] = [];
  let redis: Awaited<ReturnType<typeof startRedis>>;

  beforeAll(async () => {
    redis = await startRedis();
    nodes.push(...(await Promise.all([startNode('A', redis.url), startNode('B', redis.url)])));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(nodes.map((n) => stop(n, 'SIGKILL')));
    await redis?.stop();
  });

  function client(url: string, cookie?: string): SocketStreamClient {
    const c = connect(url, { cookie, reconnect: { minDelay: 20, maxDelay: 100 } });
    clients.push(c);
    return c;
  }

  it('deliver a message published on node A to channel members on node B, in order', async () => {
    const [a, b] = nodes;
    const onB = client(b.url);
    const room = onB.channel('room:x');
    const got: string[] = [];
    room.on('message', (m) => got.push((m as { text: string }).text));
    await room.join();
    const onA = client(a.url);
    for (let i = 1; i <= 20; i++) await onA.rpc('relay.post', 'x', `m${i}`);
    await eventually(() => expect(got).toEqual(Array.from({ length: 20 }, (_, i) => `m${i + 1}`)), 5000);
  });

  /** Logs `user` in through node A; resolves once the client holds the rotated session's cookie. */
  async function logInOnA(a: Node, user: string): Promise<SocketStreamClient> {
    const onA = client(a.url);
    await onA.rpc('relay.whoami');
    const anonymous = onA.cookie;
    await onA.rpc('relay.login', user);
    // login rotated the session id; the client fetches the new cookie beside the reply
    await eventually(() => expect(onA.cookie).not.toBe(anonymous));
    return onA;
  }

  it('use a session created on node A on node B', async () => {
    const [a, b] = nodes;
    const onA = await logInOnA(a, 'alice');
    await expect(onA.rpc('relay.whoami')).resolves.toEqual({ userId: 'alice', node: 'A' });
    const onB = client(b.url, onA.cookie);
    await expect(onB.rpc('relay.whoami')).resolves.toEqual({ userId: 'alice', node: 'B' });
  });

  it('carry a logout made on node A to the same session connected to node B', async () => {
    const [a, b] = nodes;
    const onA = await logInOnA(a, 'bob');
    const onB = client(b.url, onA.cookie);
    await expect(onB.rpc('relay.whoami')).resolves.toMatchObject({ userId: 'bob' });
    const dms: unknown[] = [];
    onB.event.on('dm', (d) => dms.push(d));
    await client(a.url).rpc('relay.dm', 'bob', 'while logged in');
    await eventually(() => expect(dms).toEqual([{ text: 'while logged in' }]));

    await onA.rpc('relay.logout');
    await eventually(async () => expect(await onB.rpc('relay.whoami')).toMatchObject({ userId: null }));
    await client(a.url).rpc('relay.dm', 'bob', 'after logout');
    await onB.rpc('relay.whoami'); // a round trip after the dm was published
    expect(dms).toEqual([{ text: 'while logged in' }]);
  });

  it('restore server-side channel membership when the session connects to another node', async () => {
    const [a, b] = nodes;
    const onA = client(a.url);
    await onA.rpc('relay.follow', 'room:followed');
    await onA.close();
    const onB = client(b.url, onA.cookie);
    const got = new Promise((resolve) => onB.event.on('message', (data, channel) => channel === 'room:followed' && resolve(data)));
    await onB.rpc('relay.whoami'); // connected, with the membership restored
    await client(a.url).rpc('relay.post', 'followed', 'to followers');
    await expect(got).resolves.toMatchObject({ text: 'to followers', node: 'A' });
  });

  it('share presence: members on both nodes are listed and told of each other', async () => {
    const [a, b] = nodes;
    const onA = client(a.url);
    const onB = client(b.url);
    const roomA = onA.channel('room:presence');
    const roomB = onB.channel('room:presence');
    await roomA.join();
    const joinSeenOnA = new Promise((resolve) => roomA.on('$join', (m) => m.socketId === onB.socketId && resolve(m)));
    await roomB.join();
    await expect(joinSeenOnA).resolves.toMatchObject({ socketId: onB.socketId });
    const listed = (await roomB.presence()).map((m) => m.socketId).sort();
    expect(listed).toEqual([onA.socketId, onB.socketId].sort());
  });

  it('let a client moved from a killed node to another one recover the messages it missed', async () => {
    const [a, b] = nodes;
    await using proxy = await TcpProxy.start(a.port);
    const moving = client(proxy.url);
    const room = moving.channel('room:move');
    const got: string[] = [];
    room.on('message', (m) => got.push((m as { text: string }).text));
    await room.join();
    const publisher = client(b.url);
    await publisher.rpc('relay.post', 'move', 'before');
    await eventually(() => expect(got).toEqual(['before']));

    proxy.pause();
    await stop(a, 'SIGKILL');
    for (const text of ['missed 1', 'missed 2', 'missed 3']) await publisher.rpc('relay.post', 'move', text);
    proxy.target = b.port;
    const reconnected = new Promise<void>((resolve) => moving.server.once('reconnect', resolve));
    proxy.resume();
    await reconnected;
    await publisher.rpc('relay.post', 'move', 'after');
    await eventually(() => expect(got).toEqual(['before', 'missed 1', 'missed 2', 'missed 3', 'after']), 5000);
  });
});
