import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { compress, isCompressible } from '../../../src/build/production/compress';
import { contentHash, nameHash, unhashedName } from '../../../src/build/production/content-hash';

describe('precompression and hashes', () => {
  it('precompress text formats only', () => {
    expect(['a.js', 'a.css', 'a.html', 'a.js.map', 'a.svg', 'a.json'].every(isCompressible)).toBe(true);
    expect(['a.png', 'a.woff2', 'LICENSE'].some(isCompressible)).toBe(false);
  });

  it('give gzip and brotli that decompress to the data, the same bytes each time, and none that would not be smaller', async () => {
    const data = Buffer.from('const greeting = "hello";\n'.repeat(50));
    const first = await compress(data);
    const second = await compress(data);
    expect(gunzipSync(first.gzip!).equals(data)).toBe(true);
    expect(brotliDecompressSync(first.br!).equals(data)).toBe(true);
    expect(first.gzip!.equals(second.gzip!) && first.br!.equals(second.br!)).toBe(true);
    expect(await compress(Buffer.from('x'))).toEqual({ gzip: undefined, br: undefined });
  });

  it('hash content, and take the hash out of a hashed name', () => {
    expect(contentHash('a')).toBe(contentHash(Buffer.from('a')));
    expect(contentHash('a')).toMatch(/^[\w-]{43}$/);
    expect(nameHash('a', 'b')).toMatch(/^[\w-]{8}$/);
    expect(unhashedName('chunks/lazy-view-AbC_12-z.js')).toBe('chunks/lazy-view.js');
    expect(unhashedName('main-HSkGm3P-.css.map')).toBe('main.css.map');
    expect(unhashedName('main.js')).toBe('main.js');
  });
});
