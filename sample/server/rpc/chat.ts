import { type RpcContext, Service } from 'socketstream';
import { Ctx, Rpc, RpcService, UseGuards } from 'socketstream/decorators';
import { type ChatMessage, SendMessage } from '../../shared/messages';
import { LoggedIn } from '../guards/logged-in.guard';
import { MessageStore } from '../message-store';

/** Chat over RPC: a posted message is stored, then published to the members of its room channel. */
@RpcService('chat')
@UseGuards(LoggedIn)
export class ChatService extends Service {
  constructor(private readonly store: MessageStore) {
    super();
  }

  @Rpc()
  async send(msg: SendMessage, @Ctx() ctx: RpcContext): Promise<{ id: string }> {
    const saved = await this.store.add(msg.room, ctx.session.userId as string, msg.text);
    await this.publish.channel(`room:${msg.room}`, 'message', saved);
    return { id: saved.id };
  }

  @Rpc()
  history(room: string): Promise<ChatMessage[]> {
    return this.store.recent(room);
  }
}
