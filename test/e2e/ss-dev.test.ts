/**
 * `ss dev` end to end: an app made by `ss new` (its node_modules linked, socketstream a copy built
 * from the current sources, as ss-new.test.ts does), plus a small RPC that keeps a note in the
 * session, runs under `node bin/ss.js dev --port 0`. Node clients (`socketstream/client`) use it,
 * a server file is saved, and the app restarts under them: they get `reconnect`, the session is
 * still there, a call made while it was down resolves afterwards, and a channel message
 * published before the restart reaches a member that was away (the channel's history lived
 * through the restart). Then a syntax error: reported with file and line, the dev server keeps
 * running, and the fix restarts it. No sleeps: every wait ends on an event or a printed line.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type SocketStreamClient } from 'socketstream/client';
import { TcpProxy } from '../support/tcp-proxy';
import { type DevProcess, killDevProcesses, startDev } from '../cli/dev/dev-process';
import { killAll } from './support/child-processes';
import { scaffoldApp } from './support/scaffolded-app';

/** An RPC service that logs in and keeps a note in the session, and one that reads them back. */
const NOTES = `import { type RpcContext, Service } from 'socketstream';
import { Ctx, Rpc, RpcService } from 'socketstream/decorators';

@RpcService('notes')
export class NotesService extends Service {
  @Rpc()
  async remember(text: string, @Ctx() ctx: RpcContext): Promise<void> {
    await ctx.session.setUserId('ada');
    ctx.session.data.note = text;
    await ctx.session.save();
  }

  @Rpc()
  recall(@Ctx() ctx: RpcContext): { user: string | null; note: unknown } {
    return { user: ctx.session.userId, note: ctx.session.data.note ?? null };
  }
}
`;

const FAST = { reconnect: { minDelay: 10, maxDelay: 50 } };

let root: string;
let app: string;
let dev: DevProcess;
let url: string;
const clients: SocketStreamClient[] = [];

/** Resolves on the next `event` of a client's server. */
function next(client: SocketStreamClient, event: 'disconnect' | 'reconnect'): Promise<void> {
  return new Promise((resolve) => client.server.once(event, () => resolve()));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ss-dev-e2e-'));
  ({ app } = await scaffoldApp(root));
  writeFileSync(join(app, 'server', 'rpc', 'notes.ts'), NOTES);
  dev = startDev(['--port', '0'], app);
  url = (await dev.until(/ss dev (http:\/\/localhost:\d+) \(started in \d+ ms/))[1];
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  killDevProcesses();
  killAll();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('ss dev: a saved server file restarts the app under its clients, who lose nothing', () => {
  it('keeps the session, resolves a call made while down, and delivers a message published before the restart', async () => {
    const keeper = connect(url, FAST);
    clients.push(keeper);
    await keeper.rpc('notes.remember', 'kept across restarts');

    // A channel member behind a proxy, so that it can be away while a message is published.
    const port = Number(new URL(url).port);
    await using proxy = await TcpProxy.start(port);
    const member = connect(proxy.url, FAST);
    clients.push(member);
    const room = member.channel('greetings');
    const texts: string[] = [];
    const gaps: number[] = [];
    let heard: (() => void) | undefined;
    room.on('greeting', (greeting) => {
      texts.push((greeting as { text: string }).text);
      heard?.();
    });
    room.on('gap', () => gaps.push(1));
    const hear = (text: string): Promise<void> => new Promise((resolve) => (heard = () => texts.includes(text) && resolve()));
    await room.join();
    let heardIt = hear('Hello, live!');
    await keeper.rpc('hello.greet', { name: 'live' });
    await heardIt;

    const memberAway = next(member, 'disconnect');
    proxy.pause();
    proxy.cut();
    await memberAway;
    await keeper.rpc('hello.greet', { name: 'away' });

    const mark = dev.mark();
    const down = next(keeper, 'disconnect');
    const back = next(keeper, 'reconnect');
    appendFileSync(join(app, 'server', 'rpc', 'hello.ts'), '\n// saved again\n');
    await down;
    const madeWhileDown = keeper.rpc('notes.recall');
    await back;
    await expect(madeWhileDown).resolves.toEqual({ user: 'ada', note: 'kept across restarts' });
    await dev.until(/^server\/rpc\/hello\.ts changed — restarted in \d+ ms$/m, mark);

    heardIt = hear('Hello, away!');
    const memberBack = next(member, 'reconnect');
    proxy.resume();
    await memberBack;
    await heardIt;
    expect(texts).toEqual(['Hello, live!', 'Hello, away!']);
    expect(gaps).toEqual([]);
  }, 30_000);

  it('prints a syntax error with its file and line and keeps running; the fix restarts the app, the session still there', async () => {
    const notes = join(app, 'server', 'rpc', 'notes.ts');
    const good = readFileSync(notes, 'utf8');
    const keeper = connect(url, FAST);
    clients.push(keeper);
    await keeper.rpc('notes.remember', 'before the typo');

    let mark = dev.mark();
    const down = next(keeper, 'disconnect');
    writeFileSync(notes, good.replace("ctx.session.data.note = text;", 'ctx.session.data.note = (text;'));
    await dev.until(/server\/rpc\/notes\.ts changed — the app did not start:\n {2}server\/rpc\/notes\.ts:9: [^\n]+\n[^]*still watching/, mark);
    await down;
    expect(dev.child.exitCode).toBeNull();

    mark = dev.mark();
    const back = next(keeper, 'reconnect');
    writeFileSync(notes, good);
    await dev.until(/server\/rpc\/notes\.ts changed — restarted in \d+ ms/, mark);
    await back;
    await expect(keeper.rpc('notes.recall')).resolves.toEqual({ user: 'ada', note: 'before the typo' });
  }, 30_000);

  it('stops on SIGINT and exits 0', async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    dev.child.kill('SIGINT');
    await expect(dev.exited).resolves.toEqual({ code: 0, signal: null });
  }, 15_000);
});
