import { hash } from 'node:crypto';
import { SocketStreamError } from '../errors/socketstream-error';

/** SHA-256 works on 64-byte blocks. */
const BLOCK = 64;
/** Values up to this many UTF-8 bytes are hashed from a scratch buffer, without allocating one. */
const SCRATCH = 256;

/**
 * An HMAC-SHA256 key (RFC 2104) with its inner and outer pads prepared once. Signing with it is
 * two one-shot digests: `crypto.createHmac` builds a stream object and an OpenSSL MAC context on
 * every call, which made the cookie signature one of the larger costs of a new connection.
 * Results are byte-for-byte those of `createHmac('sha256', secret)` (the tests compare them).
 */
export class HmacKey {
  /** The key XOR 0x36, then room for a value. */
  private readonly inner = Buffer.alloc(BLOCK + SCRATCH);
  /** The key XOR 0x5c, then the inner digest. */
  private readonly outer = Buffer.alloc(BLOCK + 32);

  /** @throws SocketStreamError `SS_ERR_NO_SECRET` when `secret` is not a non-empty Buffer: an empty key signs nothing. */
  constructor(secret: Buffer) {
    if (!Buffer.isBuffer(secret) || secret.length === 0) {
      throw new SocketStreamError('SS_ERR_NO_SECRET', `HmacKey: the secret must be a non-empty Buffer, got ${Buffer.isBuffer(secret) ? 'an empty one' : typeof secret}`);
    }
    // A key longer than a block is replaced by its digest; a shorter one is padded with zeros.
    const key = secret.length > BLOCK ? hash('sha256', secret, 'buffer') : secret;
    for (let i = 0; i < BLOCK; i++) {
      const k = i < key.length ? key[i] : 0;
      this.inner[i] = k ^ 0x36;
      this.outer[i] = k ^ 0x5c;
    }
  }

  /** HMAC-SHA256 of the UTF-8 bytes of `value`, as base64url. */
  base64url(value: string): string {
    let innerDigest: Buffer;
    // Each UTF-8 byte takes at least one UTF-16 unit, at most three, so this bound never truncates.
    if (value.length * 3 <= SCRATCH) {
      const n = this.inner.write(value, BLOCK, 'utf8');
      innerDigest = hash('sha256', this.inner.subarray(0, BLOCK + n), 'buffer');
    } else {
      innerDigest = hash('sha256', Buffer.concat([this.inner.subarray(0, BLOCK), Buffer.from(value, 'utf8')]), 'buffer');
    }
    innerDigest.copy(this.outer, BLOCK);
    return hash('sha256', this.outer, 'base64url');
  }
}
