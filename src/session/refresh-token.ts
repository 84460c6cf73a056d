import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Tokens that let a client fetch a rotated session cookie over HTTP. The session id travels
 * encrypted (AES-256-GCM) with an expiry, so any node sharing the secret can redeem it and page
 * scripts never see the id, which keeps the httpOnly cookie's protection.
 */
export class RefreshTokens {
  private readonly keys: Buffer[];

  /** @param ttlMs how long a token stays valid (default 60 s) */
  constructor(secrets: readonly string[], private readonly ttlMs = 60_000) {
    this.keys = secrets.map((s) => createHash('sha256').update(`socketstream-session-refresh:${s}`).digest());
  }

  /** A token standing for `sessionId`, redeemable only with a cookie naming one of `cookieIds`. */
  issue(cookieIds: readonly string[], sessionId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0], iv);
    const body = Buffer.concat([cipher.update(`${Date.now() + this.ttlMs}:${cookieIds.join(',')}:${sessionId}`, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /**
   * What a valid, unexpired token made for a cookie naming `cookieId` stands for, else undefined.
   * `nonce` identifies the token (its random IV), so a caller can make it single-use.
   */
  redeem(token: string, cookieId: string): { sessionId: string; nonce: string; expiresAt: number } | undefined {
    const raw = Buffer.from(token, 'base64url');
    if (raw.length < 29) return undefined;
    const iv = raw.subarray(0, 12);
    const tag = raw.subarray(12, 28);
    const body = raw.subarray(28);
    for (const key of this.keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAuthTag(tag);
        const text = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
        const [expiry, expected, sessionId] = text.split(':');
        const expiresAt = Number(expiry);
        if (expiresAt < Date.now() || !expected.split(',').includes(cookieId)) return undefined;
        return { sessionId, nonce: iv.toString('base64url'), expiresAt };
      } catch {
        // wrong key or forged token: try the next key
      }
    }
    return undefined;
  }
}
