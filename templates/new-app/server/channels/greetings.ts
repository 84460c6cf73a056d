import { type CanJoin, type ChannelContext, Service } from 'socketstream';
import { Channel } from 'socketstream/decorators';

/**
 * The `greetings` channel: every greeting made through `hello.greet` is published here. A
 * channel must say who may join (SocketStream refuses one that does not); this one is public.
 * Check `ctx.session.userId` here once the app has logins.
 */
@Channel('greetings')
export class GreetingsChannel extends Service implements CanJoin {
  canJoin(_params: Record<string, string>, _ctx: ChannelContext): boolean {
    return true;
  }
}
