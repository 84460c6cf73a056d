import { findViews } from '../../../src/build/bundler/view-templates';

describe('findViews', () => {
  it('finds @View decorators by their literal template, with line and column, and skips comments', () => {
    const source = [
      "import { View } from 'socketstream/decorators';",
      '/**',
      " * @View({ template: 'in/a/comment' })",
      ' */',
      "// @View({ template: 'also/a/comment' })",
      "  @View({ template: \"chat/message\" })",
      'export class A {}',
      '@View({',
      "  template: `chat/list`, tag: 'ul',",
      '})',
      'export class B {}',
      '@View({ template: `dyn/${name}` })',
      'export class C {}',
    ].join('\n');
    expect(findViews(source)).toEqual([
      { template: 'chat/message', line: 6, column: 3 },
      { template: 'chat/list', line: 8, column: 1 },
    ]);
  });
});
