import { type Logger, RpcError } from 'socketstream';
import { Rpc, RpcService } from 'socketstream/decorators';
import { startApp } from '../support/app-fixture';
import { caller } from '../support/rpc-call';

@RpcService('fail')
class FailingService {
  @Rpc() expected() {
    throw new RpcError('CONFLICT', 'name taken', { field: 'name' });
  }
  @Rpc() async unexpected() {
    throw new Error('database password is hunter2');
  }
  @Rpc() unserialisable() {
    return { big: 10n };
  }
  @Rpc() nothing() {}
  @Rpc() aFunction() {
    return () => 1;
  }
  @Rpc() badDetails() {
    throw new RpcError('CONFLICT', 'details cannot travel', { n: 1n });
  }
  @Rpc() throwsBareObject() {
    throw Object.create(null);
  }
}

function errorLog(): Logger & { errors: unknown[][] } {
  const errors: unknown[][] = [];
  return { errors, debug() {}, info() {}, warn() {}, error: (...a: unknown[]) => errors.push(a) };
}

describe('errors thrown by a method', () => {
  it('send a thrown RpcError to the client unchanged', async () => {
    await using s = await startApp({ services: [FailingService] });
    await using c = await caller(s.url);
    expect(await c.call('fail.expected')).toEqual({ t: 'err', id: 1, e: { code: 'CONFLICT', message: 'name taken', details: { field: 'name' } } });
  });

  it('become INTERNAL with message and stack in development, and are logged', async () => {
    const log = errorLog();
    await using s = await startApp({ services: [FailingService], logger: log, production: false });
    await using c = await caller(s.url);
    const reply = await c.call('fail.unexpected');
    expect(reply).toMatchObject({ e: { code: 'INTERNAL', message: 'database password is hunter2', details: { stack: expect.stringContaining('unexpected') } } });
    expect(log.errors[0][0]).toBe('fail.unexpected failed');
  });

  it('become INTERNAL without message or stack in production, and are logged with the stack', async () => {
    const log = errorLog();
    await using s = await startApp({ services: [FailingService], logger: log, production: true, session: { secret: 's'.repeat(32) } });
    await using c = await caller(s.url);
    expect(await c.call('fail.unexpected')).toEqual({ t: 'err', id: 1, e: { code: 'INTERNAL', message: 'Internal server error' } });
    expect(String((log.errors[0][1] as Error).stack)).toContain('hunter2');
  });

  it('report a result that cannot be serialised as INTERNAL instead of dropping the reply', async () => {
    await using s = await startApp({ services: [FailingService], production: true, session: { secret: 's'.repeat(32) } });
    await using c = await caller(s.url);
    expect(await c.call('fail.unserialisable')).toMatchObject({ e: { code: 'INTERNAL' } });
  });

  it('still reply when an RpcError carries details that cannot be serialised, without the details', async () => {
    await using s = await startApp({ services: [FailingService] });
    await using c = await caller(s.url);
    expect(await c.call('fail.badDetails')).toEqual({ t: 'err', id: 1, e: { code: 'CONFLICT', message: 'details cannot travel' } });
  });

  it('become INTERNAL even when what was thrown is not an Error and has no prototype', async () => {
    await using s = await startApp({ services: [FailingService] });
    await using c = await caller(s.url);
    expect(await c.call('fail.throwsBareObject')).toMatchObject({ e: { code: 'INTERNAL' } });
  });

  it('reply without r when the method returns a function, which JSON cannot carry', async () => {
    await using s = await startApp({ services: [FailingService] });
    await using c = await caller(s.url);
    expect(await c.call('fail.aFunction')).toEqual({ t: 'res', id: 1 });
  });

  it('reply without r when the method returns nothing', async () => {
    await using s = await startApp({ services: [FailingService] });
    await using c = await caller(s.url);
    expect(await c.call('fail.nothing')).toEqual({ t: 'res', id: 1 });
  });
});
