import { type Logger } from 'socketstream';
import { Rpc, RpcService } from 'socketstream/decorators';
import { startApp } from '../support/app-fixture';
import { openRaw } from '../support/raw-socket';

@RpcService('math')
class MathService {
  @Rpc() add(a: number, b: number) {
    return a + b;
  }
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (m: string) => lines.push(m);
  return { lines, debug: () => {}, info: record, warn: record, error: record };
}

describe('a connection sending unreadable frames', () => {
  it.each([
    ['a 1 MB frame type', 'A'.repeat(1_000_000), '"AAAAAAAA'],
    ['a 500 KB frame type of quotes', '"'.repeat(500_000), '"\\"\\"'],
  ])('gets a reply and a log line under 1 KB for %s, not an echo of it', async (_what, type, prefix) => {
    const log = recordingLogger();
    await using s = await startApp({ services: [MathService], logger: log });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    socket.send(JSON.stringify({ t: type, id: 1 }));
    const reply = await socket.next();
    expect(reply).toMatchObject({ t: 'err', id: 1, e: { code: 'BAD_REQUEST', message: expect.stringContaining(`unknown frame type ${prefix}`) } });
    expect(JSON.stringify(reply).length).toBeLessThan(1024);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0].length).toBeLessThan(1024);
  });

  it('is answered 1,000 times but logged in two lines: the first at once, the count when it closes', async () => {
    const log = recordingLogger();
    await using s = await startApp({ services: [MathService], logger: log, ws: { maxUnreadableFrames: 1000 } });
    const { socket } = await openRaw(s.url);
    for (let i = 0; i < 1000; i++) socket.send(i % 2 ? '{"t":"rpc",' : '{"t":"nope","id":1}');
    for (let i = 0; i < 1000; i++) expect(await socket.next()).toMatchObject({ t: 'err', e: { code: 'BAD_REQUEST' } });
    socket.send({ t: 'rpc', id: 2, m: 'math.add', a: [1, 1] });
    expect(await socket.next()).toEqual({ t: 'res', id: 2, r: 2 });
    expect(log.lines).toEqual([expect.stringContaining('malformed frame')]);
    socket.ws.close();
    await socket.closed;
    await s.app.close();
    expect(log.lines).toEqual([expect.stringContaining('malformed frame'), expect.stringMatching(/ sent 1000 unreadable frames$/)]);
  });

  it('is closed with 1008 once it sends more than maxUnreadableFrames, binary frames included', async () => {
    const log = recordingLogger();
    await using s = await startApp({ services: [MathService], logger: log });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    for (let i = 0; i < 5; i++) socket.send('not json');
    for (let i = 0; i < 5; i++) socket.ws.send(Buffer.from([i]));
    for (let i = 0; i < 10; i++) expect(await socket.next()).toMatchObject({ t: 'err', id: null, e: { code: 'BAD_REQUEST' } });
    socket.send('{"t":"rpc",');
    expect(await socket.closed).toEqual({ code: 1008 });
    await s.app.close();
    expect(log.lines).toEqual([expect.stringContaining('malformed frame'), expect.stringContaining('sent 11 unreadable frames; closed it with 1008 after 10')]);
  });

  it('is closed at the first with maxUnreadableFrames 0', async () => {
    const log = recordingLogger();
    await using s = await startApp({ services: [MathService], logger: log, ws: { maxUnreadableFrames: 0 } });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    socket.send('[1]');
    expect(await socket.closed).toEqual({ code: 1008 });
    await s.app.close();
    expect(log.lines).toEqual([expect.stringContaining('sent 1 unreadable frame; closed it with 1008 after 0')]);
  });

});

it('createApp refuses a ws.maxUnreadableFrames that is not a whole number, naming the option', async () => {
  await expect(startApp({ services: [MathService], ws: { maxUnreadableFrames: -1 } })).rejects.toMatchObject({
    code: 'SS_ERR_INVALID_OPTION',
    message: expect.stringContaining('ws.maxUnreadableFrames'),
  });
});
