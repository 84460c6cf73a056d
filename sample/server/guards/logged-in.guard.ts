import { Guard, type RpcContext, RpcError } from 'socketstream';

/** Lets a call through only when the session has a user. */
export class LoggedIn extends Guard {
  canActivate(ctx: RpcContext): boolean {
    if (ctx.session.userId == null) throw new RpcError('UNAUTHENTICATED', 'log in first');
    return true;
  }
}
