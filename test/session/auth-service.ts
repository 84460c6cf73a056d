import { type RpcContext, Service } from 'socketstream';
import { Ctx, Rpc } from 'socketstream/decorators';

/** Logs in and out and keeps session data: the base of the session tests' `auth` services. */
export class AuthBase extends Service {
  @Rpc() async login(user: string, @Ctx() ctx: RpcContext) {
    await ctx.session.setUserId(user);
    return ctx.session.userId;
  }
  @Rpc() async logout(@Ctx() ctx: RpcContext) {
    await ctx.session.destroy();
  }
  @Rpc() whoami(@Ctx() ctx: RpcContext) {
    return { userId: ctx.session.userId, data: ctx.session.data };
  }
  @Rpc() async remember(key: string, value: string, @Ctx() ctx: RpcContext) {
    ctx.session.data[key] = value;
    await ctx.session.save();
  }
}
