import { RandomIds } from '../../src/transport/random-ids';

describe('RandomIds', () => {
  it('gives distinct base64url ids of the requested size, across refills of its pool', () => {
    const ids = new RandomIds();
    const seen = new Set<string>();
    // 24 bytes each: 1000 ids use the 4 KiB pool about six times over.
    for (let i = 0; i < 1000; i++) {
      const id = ids.next(24);
      expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(1000);
  });
});
