import { IsString, Matches } from 'class-validator';
import { type RpcContext, Service } from 'socketstream';
import { Ctx, Rpc, RpcService } from 'socketstream/decorators';

export class Login {
  @IsString() @Matches(/^[A-Za-z0-9_]{2,20}$/, { message: 'name must be 2 to 20 letters, digits or _' }) name!: string;
}

/** Callable as auth.login / auth.logout / auth.me (named by its file, server/rpc/auth.ts). */
@RpcService()
export class AuthService extends Service {
  @Rpc()
  async login(body: Login, @Ctx() ctx: RpcContext): Promise<{ userId: string }> {
    await ctx.session.setUserId(body.name);
    this.log.info(`${body.name} logged in`);
    return { userId: body.name };
  }

  @Rpc()
  async logout(@Ctx() ctx: RpcContext): Promise<void> {
    await ctx.session.destroy();
  }

  @Rpc()
  me(@Ctx() ctx: RpcContext): { userId: string | null } {
    return { userId: ctx.session.userId };
  }
}
