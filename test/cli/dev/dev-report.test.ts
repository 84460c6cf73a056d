import { describeChanges } from '../../../src/cli/dev/dev-report';

describe('how ss dev names a batch of changes', () => {
  it('names one file, several of a kind, and each kind', () => {
    expect(describeChanges([{ path: 'server/rpc/hello.ts', event: 'changed' }])).toBe('server/rpc/hello.ts changed');
    expect(
      describeChanges([
        { path: 'server/a.ts', event: 'changed' },
        { path: 'shared/c.ts', event: 'added' },
        { path: 'server/b.ts', event: 'changed' },
      ]),
    ).toBe('server/a.ts, server/b.ts changed; shared/c.ts added');
  });

  it('shortens a long list', () => {
    const changes = Array.from({ length: 12 }, (_, i) => ({ path: `server/f${i}.ts`, event: 'removed' as const }));
    expect(describeChanges(changes)).toBe('server/f0.ts, server/f1.ts, server/f2.ts and 9 more removed');
  });
});
