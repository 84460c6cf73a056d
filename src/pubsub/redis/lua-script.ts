import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SocketStreamError } from '../../errors/socketstream-error';

/**
 * A Lua script run by its SHA1 (EVALSHA), falling back to EVAL when the server does not know it
 * yet — after a Redis restart or SCRIPT FLUSH — which also loads it for the next call. EVALSHA
 * failing with NOSCRIPT has run nothing, so the fallback never runs a script twice.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(
    private readonly lua: string,
    private readonly numberOfKeys: number,
  ) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  /** Rejects with `SS_ERR_INVALID_ARGUMENT` when `keys` is not as long as the script expects (a bug of the caller). */
  async run(client: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    if (keys.length !== this.numberOfKeys) {
      throw new SocketStreamError('SS_ERR_INVALID_ARGUMENT', `LuaScript.run(client, keys, args): script ${this.sha.slice(0, 8)} takes ${this.numberOfKeys} keys, got ${keys.length}`);
    }
    try {
      return await client.evalsha(this.sha, this.numberOfKeys, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return client.eval(this.lua, this.numberOfKeys, ...keys, ...args);
    }
  }
}
