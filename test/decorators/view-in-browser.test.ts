import { resolve } from 'node:path';
import { View } from 'socketstream/decorators';
import { bundleBrowserCode } from '../../src/build/bundle-browser-code';

describe('@View in browser code', () => {
  it('bundles without reflect-metadata or tsyringe', async () => {
    const { code, modules } = await bundleBrowserCode({ entry: resolve(__dirname, 'fixtures', 'view-page.ts') });
    expect(modules.filter((id) => /reflect-metadata|tsyringe/.test(id))).toEqual([]);
    expect(code).not.toMatch(/reflect-metadata|tsyringe|Reflect\.defineMetadata\s*=/);
    expect(code).toContain('chat/message');
  });

  it("records the template on the class under a registered symbol, which the client's Component reads", () => {
    @View({ template: 'chat/message' })
    class MessageView {}
    expect((MessageView as unknown as Record<symbol, unknown>)[Symbol.for('socketstream.view.template')]).toBe('chat/message');
  });
});
