import { Guard, type RpcContext, RpcError } from 'socketstream';
import { Injectable, Rpc, RpcService, UseGuards } from 'socketstream/decorators';
import { startApp } from '../support/app-fixture';
import { caller } from '../support/rpc-call';

const calls: string[] = [];

@Injectable()
class Policy {
  allowed = new Set(['open.hello', 'open.audited']);
}

class RecordingGuard extends Guard {
  canActivate(ctx: RpcContext) {
    calls.push(`global:${ctx.service}.${ctx.method}`);
    return true;
  }
}

@Injectable()
class PolicyGuard extends Guard {
  constructor(private readonly policy: Policy) {
    super();
  }
  canActivate(ctx: RpcContext) {
    calls.push(`class:${ctx.method}`);
    return this.policy.allowed.has(`${ctx.service}.${ctx.method}`);
  }
}

class LoggedIn extends Guard {
  async canActivate(ctx: RpcContext) {
    calls.push(`method:${ctx.method}`);
    if (!ctx.session.userId) throw new RpcError('UNAUTHENTICATED', 'log in first');
    return true;
  }
}

@RpcService('open')
@UseGuards(PolicyGuard)
class OpenService {
  @Rpc() hello() {
    return 'hi';
  }
  @Rpc() closed() {
    return 'never';
  }
  @UseGuards(LoggedIn) @Rpc() audited() {
    return 'never without login';
  }
}

beforeEach(() => {
  calls.length = 0;
});

describe('guards', () => {
  it('run global, then class, then method guards before the method', async () => {
    await using s = await startApp({ services: [OpenService], guards: [RecordingGuard] });
    await using c = await caller(s.url);
    await c.call('open.audited');
    expect(calls).toEqual(['global:open.audited', 'class:audited', 'method:audited']);
  });

  it('refuse with FORBIDDEN naming the guard when one returns false', async () => {
    await using s = await startApp({ services: [OpenService] });
    await using c = await caller(s.url);
    expect(await c.call('open.closed')).toMatchObject({ e: { code: 'FORBIDDEN', message: 'PolicyGuard refused open.closed' } });
    expect(await c.call('open.hello')).toMatchObject({ r: 'hi' });
  });

  it('refuse with the code of the RpcError a guard throws', async () => {
    await using s = await startApp({ services: [OpenService] });
    await using c = await caller(s.url);
    expect(await c.call('open.audited')).toMatchObject({ e: { code: 'UNAUTHENTICATED', message: 'log in first' } });
  });

  it('are resolved from the app container with their own dependencies', async () => {
    await using s = await startApp({ services: [OpenService] });
    const policy = s.app.container.resolve(Policy);
    policy.allowed.add('open.closed');
    await using c = await caller(s.url);
    expect(await c.call('open.closed')).toMatchObject({ r: 'never' });
  });

  it('refuse a global guard that is not a guard class', async () => {
    await expect(startApp({ services: [OpenService], guards: [class NotAGuard {} as unknown as typeof LoggedIn] })).rejects.toMatchObject({ code: 'SS_ERR_NOT_A_GUARD' });
  });
});

describe('guards and inheritance', () => {
  it('apply a base class guard to the methods of a subclass, before the subclass guards', async () => {
    @UseGuards(RecordingGuard)
    class BaseService {
      @Rpc() inherited() {
        return 'ok';
      }
    }
    @RpcService('child')
    @UseGuards(LoggedIn)
    class ChildService extends BaseService {}
    await using s = await startApp({ services: [ChildService] });
    await using c = await caller(s.url);
    expect(await c.call('child.inherited')).toMatchObject({ e: { code: 'UNAUTHENTICATED' } });
    expect(calls).toEqual(['global:child.inherited', 'method:inherited']);
  });
});
