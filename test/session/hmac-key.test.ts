import { createHmac } from 'node:crypto';
import { HmacKey } from '../../src/session/hmac-key';

describe('HmacKey', () => {
  const keys = ['k', 'bench', 'x'.repeat(64), 'y'.repeat(65), 'z'.repeat(200), 'clé secrète ✓', 'clé ✓'.repeat(20)];
  // 85 and 86 characters sit either side of the scratch buffer's limit, in ASCII and in 3-byte UTF-8.
  const values = ['', 'abc', 'Wvpjbtlm.E2cc-rgBBYv_VYst', 'é✓😀', 'v'.repeat(85), 'w'.repeat(86), '€'.repeat(85), '€'.repeat(86), 'long '.repeat(100)];

  it.each(keys)('signs exactly as createHmac("sha256") does with the key %p', (secret) => {
    const key = new HmacKey(Buffer.from(secret, 'utf8'));
    for (const value of values) {
      expect(key.base64url(value)).toBe(createHmac('sha256', secret).update(value).digest('base64url'));
    }
  });

  it('gives the same signature when the same value is signed again after a longer one', () => {
    const key = new HmacKey(Buffer.from('k'));
    const first = key.base64url('short');
    key.base64url('a much longer value that fills more of the scratch buffer');
    expect(key.base64url('short')).toBe(first);
  });
});
