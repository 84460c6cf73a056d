import { type ChannelContext, createApp, Guard } from 'socketstream';
import { Channel, Rpc, RpcService, UseGuards } from 'socketstream/decorators';

class Member extends Guard {
  canActivate(ctx: ChannelContext) {
    return ctx.session.userId != null;
  }
}

@RpcService('ping')
class PingService {
  @Rpc() ping() {
    return 'pong';
  }
}

describe('a channel class that does not say who may join', () => {
  it('refuses to start, naming the class and showing how to declare a public channel', () => {
    @Channel('lobby:{id}')
    class LobbyChannel {}
    let err: { code?: string; message: string } | undefined;
    try {
      createApp({ services: [PingService], channels: [LobbyChannel], logLevel: 'silent' });
    } catch (e) {
      err = e as { code?: string; message: string };
    }
    expect(err?.code).toBe('SS_ERR_OPEN_CHANNEL');
    expect(err?.message).toContain("LobbyChannel (@Channel('lobby:{id}')) has neither a canJoin method nor a guard, so anyone could join its channels");
    expect(err?.message).toContain('canJoin(params, ctx)');
    expect(err?.message).toContain('@UseGuards(...)');
    expect(err?.message).toContain('for a public channel, say so: `canJoin() { return true; }`');
    expect(err?.message).toContain('`canJoin() { return false; }` for one that only the server joins sessions to');
  });

  it('refuses a channel whose canJoin is an arrow-function field, which the channel would never call', () => {
    @Channel('lobby:{id}')
    class LobbyChannel {
      canJoin = () => false;
    }
    expect(() => createApp({ services: [PingService], channels: [LobbyChannel], logLevel: 'silent' })).toThrow(expect.objectContaining({ code: 'SS_ERR_OPEN_CHANNEL' }));
  });

  it('starts when the channel has canJoin, its own or inherited, a class guard, or a global guard', async () => {
    @Channel('public:{id}')
    class PublicChannel {
      canJoin() {
        return true;
      }
    }
    class Members {
      canJoin(_params: Record<string, string>, ctx: ChannelContext) {
        return ctx.session.userId != null;
      }
    }
    @Channel('team:{id}')
    class TeamChannel extends Members {}
    @Channel('guarded:{id}')
    @UseGuards(Member)
    class GuardedChannel {}
    @Channel('global:{id}')
    class GlobalChannel {}

    const apps = [
      createApp({ services: [PingService], channels: [PublicChannel, TeamChannel, GuardedChannel], logLevel: 'silent' }),
      createApp({ services: [PingService], channels: [GlobalChannel], guards: [Member], logLevel: 'silent' }),
    ];
    await Promise.all(apps.map((app) => app.close()));
  });
});
