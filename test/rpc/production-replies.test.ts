import { IsString } from 'class-validator';
import { Guard } from 'socketstream';
import { Channel, Rpc, RpcService, UseGuards } from 'socketstream/decorators';
import { startApp } from '../support/app-fixture';
import { caller } from '../support/rpc-call';

class IsAdmin extends Guard {
  canActivate() {
    return false;
  }
}

class CreateItem {
  @IsString() name!: string;
}

@RpcService('items')
class ItemService {
  @UseGuards(IsAdmin) @Rpc() secret() {
    return 'secret';
  }
  @Rpc() create(item: CreateItem) {
    return item.name;
  }
}

@Channel('vault:{id}')
@UseGuards(IsAdmin)
class VaultChannel {}

const production = { production: true, session: { secret: 's'.repeat(32) } };

describe('error replies in production', () => {
  it('refuse through a guard without naming the guard class', async () => {
    await using s = await startApp({ services: [ItemService], channels: [VaultChannel], ...production });
    await using c = await caller(s.url);
    expect(await c.call('items.secret')).toEqual({ t: 'err', id: 1, e: { code: 'FORBIDDEN', message: 'items.secret was refused' } });
    c.socket.send({ t: 'join', id: 2, c: 'vault:1' });
    const join = await c.socket.next();
    expect(join).toMatchObject({ id: 2, e: { code: 'FORBIDDEN', message: 'joining "vault:1" was refused' } });
  });

  it('refuse a non-object DTO argument without naming the DTO class', async () => {
    await using s = await startApp({ services: [ItemService], ...production });
    await using c = await caller(s.url);
    const reply = await c.call('items.create', 'not an object');
    expect(reply).toEqual({
      t: 'err',
      id: 1,
      e: {
        code: 'VALIDATION_FAILED',
        message: 'invalid arguments for items.create: #0 (argument #0 of items.create must be an object)',
        details: [{ argument: 0, property: '', constraints: { isObject: 'argument #0 of items.create must be an object' } }],
      },
    });
  });
});

describe('error replies in development', () => {
  it('still name the guard and the DTO class', async () => {
    await using s = await startApp({ services: [ItemService], production: false });
    await using c = await caller(s.url);
    expect(await c.call('items.secret')).toMatchObject({ e: { code: 'FORBIDDEN', message: 'IsAdmin refused items.secret' } });
    expect(await c.call('items.create', 'not an object')).toMatchObject({
      e: { code: 'VALIDATION_FAILED', message: expect.stringContaining('(CreateItem)'), details: [{ constraints: { isObject: 'argument #0 of items.create must be an object (CreateItem)' } }] },
    });
  });
});
