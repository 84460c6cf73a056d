import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Min, ValidateNested } from 'class-validator';
import { Ctx, Rpc, RpcService } from 'socketstream/decorators';
import type { RpcContext } from 'socketstream';
import { startApp } from '../support/app-fixture';
import { caller } from '../support/rpc-call';

class Address {
  @IsString() city!: string;
}

class SendMessage {
  @IsString() room!: string;
  @IsString() @Length(1, 10) text!: string;
  @ValidateNested() @Type(() => Address) from?: Address;
}

class Page {
  @IsInt() @Min(1) size!: number;
}

@RpcService('chat')
class ChatService {
  @Rpc() send(msg: SendMessage, @Ctx() ctx: RpcContext) {
    return { isInstance: msg instanceof SendMessage, city: msg.from?.city ?? null, socket: typeof ctx.socketId };
  }
  @Rpc() page(p: Page) {
    return p.size;
  }
  @Rpc() add(a: number, b: number) {
    return a + b;
  }
  @Rpc() echo(s: string, flag: boolean, list: string[], anything: unknown) {
    return [s, flag, list, anything];
  }
  @Rpc() when(d: Date) {
    return d.toISOString();
  }
  @Rpc() optional(name?: string) {
    return name ?? 'nobody';
  }
}

describe('argument validation', () => {
  it('turns a class-typed argument into an instance of the class, nested members included', async () => {
    await using s = await startApp({ services: [ChatService] });
    await using c = await caller(s.url);
    expect(await c.call('chat.send', { room: 'lobby', text: 'hi', from: { city: 'Oslo' } })).toMatchObject({ r: { isInstance: true, city: 'Oslo', socket: 'string' } });
  });

  it('reports every failing field with its constraints', async () => {
    await using s = await startApp({ services: [ChatService] });
    await using c = await caller(s.url);
    const reply = await c.call('chat.send', { room: 5, text: '', from: { city: 1 } });
    expect(reply).toMatchObject({ t: 'err', e: { code: 'VALIDATION_FAILED' } });
    const details = (reply.e as { details: Array<{ argument: number; property: string; constraints: Record<string, string> }> }).details;
    expect(details).toEqual(
      expect.arrayContaining([
        { argument: 0, property: 'room', constraints: { isString: expect.any(String) } },
        { argument: 0, property: 'text', constraints: { isLength: expect.any(String) } },
        { argument: 0, property: 'from.city', constraints: { isString: expect.any(String) } },
      ]),
    );
  });

  it('refuses properties the class does not declare', async () => {
    await using s = await startApp({ services: [ChatService] });
    await using c = await caller(s.url);
    const reply = await c.call('chat.send', { room: 'a', text: 'b', admin: true });
    expect(reply).toMatchObject({ e: { code: 'VALIDATION_FAILED', details: [{ property: 'admin', constraints: { whitelistValidation: expect.any(String) } }] } });
  });

  it('refuses __proto__ keys before they can reach a prototype', async () => {
    await using s = await startApp({ services: [ChatService] });
    await using c = await caller(s.url);
    c.socket.send('{"t":"rpc","id":1,"m":"chat.send","a":[{"room":"a","text":"b","__proto__":{"polluted":true}}]}');
    expect(await c.socket.next()).toMatchObject({ e: { code: 'VALIDATION_FAILED', details: [{ property: '__proto__' }] } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a DTO nested deeper than 32 levels instead of overflowing the stack', async () => {
    await using s = await startApp({ services: [ChatService] });
    await using c = await caller(s.url);
    const deep = '{"x":'.repeat(20_000) + '{}' + '}'.repeat(20_000);
    c.socket.send(`{"t":"rpc","id":1,"m":"chat.send","a":[{"room":"a","text":"b","from":${deep}}]}`);
    expect(await c.socket.next()).toMatchObject({
      e: { code: 'VALIDATION_FAILED', details: [{ argument: 0, constraints: { maxDepth: expect.any(String) } }] },
    });
  });

  it('does not convert types implicitly', async () => {
    await using s = await startApp({ services: [ChatService] });
    await using c = await caller(s.url);
    expect(await c.call('chat.page', { size: '5' })).toMatchObject({ e: { code: 'VALIDATION_FAILED', details: [{ property: 'size' }] } });
    expect(await c.call('chat.page', { size: 5 })).toMatchObject({ r: 5 });
  });

  it.each([
    ['a string for a number', 'chat.add', ['1', 2], 0],
    ['null for a number', 'chat.add', [1, null], 1],
    ['a number for a string', 'chat.echo', [1, true, [], null], 0],
    ['a string for a boolean', 'chat.echo', ['a', 'yes', [], null], 1],
    ['an object for an array', 'chat.echo', ['a', true, {}, null], 2],
    ['an array for a class', 'chat.send', [[]], 0],
    ['nothing for a class', 'chat.send', [], 0],
    ['a bad date', 'chat.when', ['not a date'], 0],
  ])('refuses %s with VALIDATION_FAILED naming the argument', async (_label, method, args, argument) => {
    await using s = await startApp({ services: [ChatService] });
    await using c = await caller(s.url);
    expect(await c.call(method, ...args)).toMatchObject({ e: { code: 'VALIDATION_FAILED', details: [{ argument, property: '' }] } });
  });

  it('passes primitives of the declared type, and anything for unknown', async () => {
    await using s = await startApp({ services: [ChatService] });
    await using c = await caller(s.url);
    expect(await c.call('chat.echo', 'a', false, ['x'], { any: 1 })).toMatchObject({ r: ['a', false, ['x'], { any: 1 }] });
    expect(await c.call('chat.when', '2026-01-02T03:04:05.000Z')).toMatchObject({ r: '2026-01-02T03:04:05.000Z' });
  });

  it('lets a trailing primitive argument be left out', async () => {
    await using s = await startApp({ services: [ChatService] });
    await using c = await caller(s.url);
    expect(await c.call('chat.optional')).toMatchObject({ r: 'nobody' });
  });

  it('refuses more arguments than the method takes', async () => {
    await using s = await startApp({ services: [ChatService] });
    await using c = await caller(s.url);
    expect(await c.call('chat.add', 1, 2, 3)).toMatchObject({ e: { code: 'VALIDATION_FAILED', message: expect.stringContaining('at most 2') } });
  });
});
