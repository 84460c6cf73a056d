import { join } from 'node:path';
import { SocketStreamError } from '../../../src/errors/socketstream-error';
import { PugTemplateEngine } from '../../../src/build/templates/pug.engine';
import { evaluateModule } from './evaluate-module';
import { appWith } from './fixture';

/** A compiled Pug template run where eval is off. */
function run(code: string): (data?: unknown) => string {
  return evaluateModule(`export const f = ${code};`).f as (data?: unknown) => string;
}

describe('PugTemplateEngine (the real pug)', () => {
  it('compiles a template into a self-contained function that renders with eval off', async () => {
    const app = appWith({ 'client/templates/chat/message.pug': '' });
    try {
      const engine = new PugTemplateEngine();
      expect(engine.runtime).toBeUndefined();
      const out = await engine.compile({ source: 'li.message\n  b= user\n  |  #{text}\n  != raw', file: join(app.templates, 'chat', 'message.pug'), path: 'chat/message', root: app.root });
      expect(out.partials).toEqual([]);
      expect(out.dependencies).toEqual([]);
      expect(out.code).not.toMatch(/new\s+Function|\beval\s*\(/);
      expect(run(out.code)({ user: '<ada>', text: 'a & b', raw: '<i>x</i>' })).toBe('<li class="message"><b>&lt;ada&gt;</b> a &amp; b<i>x</i></li>');
    } finally {
      app.remove();
    }
  });

  it('resolves includes at build time, relative or from the app folder, and reports them as dependencies', async () => {
    const app = appWith({ 'client/views/mixins.pug': 'mixin tag(n)\n  span= n\n', 'client/templates/parts/head.pug': 'h1= title\n' });
    try {
      const file = join(app.templates, 'page.pug');
      const out = await new PugTemplateEngine().compile({ source: 'include /client/views/mixins.pug\ninclude parts/head.pug\n+tag(name)', file, path: 'page', root: app.root });
      expect(out.dependencies).toEqual([join(app.root, 'client', 'views', 'mixins.pug'), join(app.templates, 'parts', 'head.pug')].sort());
      expect(run(out.code)({ title: 'T', name: 'n' })).toBe('<h1>T</h1><span>n</span>');
    } finally {
      app.remove();
    }
  });

  it('the function is always named template, whatever the file is called', async () => {
    const app = appWith({});
    try {
      const out = await new PugTemplateEngine().compile({ source: 'p ok', file: join(app.templates, 'x);alert(1);(.pug'), path: 'x);alert(1);(', root: app.root });
      expect(out.code).toMatch(/function template\(locals\)/);
      expect(out.code).not.toContain('alert');
    } finally {
      app.remove();
    }
  });

  it('a syntax error fails the build naming file, line and column', async () => {
    const app = appWith({});
    try {
      const err = (await new PugTemplateEngine()
        .compile({ source: 'div\n  p= a +', file: join(app.templates, 'bad.pug'), path: 'bad', root: app.root })
        .catch((e: unknown) => e)) as SocketStreamError;
      expect(err).toBeInstanceOf(SocketStreamError);
      expect(err.code).toBe('SS_ERR_BUILD');
      expect(err.message).toBe('client/templates/bad.pug:2:9: Syntax Error: Unexpected token');
    } finally {
      app.remove();
    }
  });

  it('a missing include fails the build naming the file', async () => {
    const app = appWith({});
    try {
      await expect(new PugTemplateEngine().compile({ source: 'include nowhere.pug', file: join(app.templates, 'a.pug'), path: 'a', root: app.root })).rejects.toThrow(
        /^client\/templates\/a\.pug: ENOENT: no such file or directory, open '.*nowhere\.pug'/,
      );
    } finally {
      app.remove();
    }
  });

  it('without the package it is SS_ERR_MISSING_PACKAGE naming the file and the install command', async () => {
    class Missing extends PugTemplateEngine {
      override readonly packageName = 'no-such-pug';
    }
    const err = (await new Missing().compile({ source: 'p', file: join('/app', 'client', 'templates', 'a.pug'), path: 'a', root: '/app' }).catch((e: unknown) => e)) as SocketStreamError;
    expect(err.code).toBe('SS_ERR_MISSING_PACKAGE');
    expect(err.message).toBe('compiling client/templates/a.pug needs the "no-such-pug" package: npm install --save-dev no-such-pug');
  });
});
