import { CookieSigner } from '../../src/session/cookie-signer';

describe('CookieSigner', () => {
  it('returns the value of a cookie it signed', () => {
    const signer = new CookieSigner(['k1']);
    expect(signer.unsign(signer.sign('abc'))).toBe('abc');
  });

  it('refuses a value whose signature was changed or made with another key', () => {
    const signer = new CookieSigner(['k1']);
    const signed = signer.sign('abc');
    expect(signer.unsign(signed.slice(0, -1) + (signed.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
    expect(signer.unsign('xyz' + signed.slice(3))).toBeUndefined();
    expect(new CookieSigner(['other']).unsign(signed)).toBeUndefined();
    expect(signer.unsign('no-signature')).toBeUndefined();
  });

  it('accepts cookies signed with an older key after a rotation, and signs with the newest', () => {
    const old = new CookieSigner(['old']);
    const rotated = new CookieSigner(['new', 'old']);
    expect(rotated.unsign(old.sign('abc'))).toBe('abc');
    expect(new CookieSigner(['new']).unsign(rotated.sign('abc'))).toBe('abc');
  });
});
