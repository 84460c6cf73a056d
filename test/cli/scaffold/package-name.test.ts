import { join } from 'node:path';
import { packageNameFor } from '../../../src/cli/scaffold/package-name';

describe('packageNameFor', () => {
  it.each([
    ['my-app', 'my-app'],
    ['My App', 'my-app'],
    ['chat_2.0', 'chat_2.0'],
    ['.hidden', 'hidden'],
    ['_under', 'under'],
    ['Ünïcode app!', 'n-code-app'],
    ['!!!', 'socketstream-app'],
    ['node_modules', 'socketstream-app'],
  ])('names an app created in %j %j', (folder, name) => {
    expect(packageNameFor(join('/somewhere', folder))).toBe(name);
  });

  it('keeps a name within npm\'s 214 characters', () => {
    expect(packageNameFor('a'.repeat(300))).toHaveLength(214);
  });
});
