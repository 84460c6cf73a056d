import { timingSafeEqual } from 'node:crypto';
import { SocketStreamError } from '../errors/socketstream-error';
import { HmacKey } from './hmac-key';

/**
 * Signs cookie values with HMAC-SHA256 under a list of keys: the first key signs, every key
 * verifies, so a secret can be rotated by putting the new one first and keeping the old one
 * until its cookies have expired.
 */
export class CookieSigner {
  /** Prepared once: the pads of each key are computed when the signer is made. */
  private readonly keys: readonly HmacKey[];

  /**
   * @param keys the session secrets (`session.secret` or `SS_SECRET`), the signing one first
   * @throws SocketStreamError `SS_ERR_NO_SECRET` when there is none, or one is not a non-empty string
   */
  constructor(keys: readonly string[]) {
    if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'string' && k.length > 0)) {
      throw new SocketStreamError('SS_ERR_NO_SECRET', 'CookieSigner: needs at least one secret (session.secret or SS_SECRET), each a non-empty string');
    }
    this.keys = keys.map((k) => new HmacKey(Buffer.from(k, 'utf8')));
  }

  /** `value.signature` */
  sign(value: string): string {
    return `${value}.${this.mac(value, this.keys[0])}`;
  }

  /** The value when `signed` carries a valid signature under any key, else undefined. */
  unsign(signed: string): string | undefined {
    const dot = signed.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const value = signed.slice(0, dot);
    const given = Buffer.from(signed.slice(dot + 1));
    for (const key of this.keys) {
      const expected = Buffer.from(this.mac(value, key));
      if (expected.length === given.length && timingSafeEqual(expected, given)) return value;
    }
    return undefined;
  }

  private mac(value: string, key: HmacKey): string {
    return key.base64url(value);
  }
}
