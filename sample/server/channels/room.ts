import { type CanJoin, type ChannelContext, Service } from 'socketstream';
import { Channel, Ctx, Subscribe } from 'socketstream/decorators';

/** Chat rooms: `room:lobby`, `room:dev` … Logged-in users may join; typing notices go to the others. */
@Channel('room:{id}', { presence: true })
export class RoomChannel extends Service implements CanJoin<{ id: string }> {
  canJoin({ id }: { id: string }, ctx: ChannelContext): boolean {
    return ctx.session.userId != null && /^[a-z0-9-]{1,32}$/.test(id);
  }

  @Subscribe('typing')
  async typing(_: unknown, @Ctx() ctx: ChannelContext): Promise<void> {
    await ctx.broadcast('typing', { user: ctx.session.userId }, { exceptSelf: true });
  }
}
