import { createApp, MemorySessionStore, type RpcContext } from 'socketstream';
import { connect } from 'socketstream/client';
import { Ctx, Rpc, RpcService } from 'socketstream/decorators';

@RpcService('auth')
class AuthService {
  @Rpc() async login(user: string, @Ctx() ctx: RpcContext) {
    await ctx.session.setUserId(user);
  }
  @Rpc() whoami(@Ctx() ctx: RpcContext) {
    return ctx.session.userId;
  }
}

describe('a Node client', () => {
  it('keeps its logged-in session across a server restart, including the id rotated at login', async () => {
    const store = new MemorySessionStore();
    const options = { services: [AuthService], session: { store, secret: 'restart-secret' }, logLevel: 'silent' as const };
    const first = createApp(options);
    const url = await first.start();
    const port = Number(new URL(url).port);
    const client = connect(url, { reconnect: { minDelay: 10, maxDelay: 50 } });
    try {
      await expect(client.rpc('auth.whoami')).resolves.toBeNull();
      const anonymousCookie = client.cookie;
      expect(anonymousCookie).toMatch(/^ss\.sid=/);
      await client.rpc('auth.login', 'alice');
      await expect(client.rpc('auth.whoami')).resolves.toBe('alice');

      const reconnected = new Promise<void>((resolve) => client.server.once('reconnect', resolve));
      await first.close();
      const second = createApp(options);
      try {
        await second.start(port);
        await reconnected;
        expect(client.cookie).not.toBe(anonymousCookie);
        await expect(client.rpc('auth.whoami')).resolves.toBe('alice');
      } finally {
        await client.close();
        await second.close();
      }
    } finally {
      await client.close();
      await first.close();
    }
  });
});
