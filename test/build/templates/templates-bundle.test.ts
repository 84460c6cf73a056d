import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import commonjs from '@rollup/plugin-commonjs';
import { minify, transform } from '@swc/core';
import { type Plugin, rollup } from 'rollup';
import { defaultTemplateEngines } from '../../../src/build/templates/default-engines';
import { HTML_RUNTIME } from '../../../src/build/templates/html-runtime';
import { compileTemplates } from '../../../src/build/templates/templates-module';
import { TEMPLATES_MODULE, templatesPlugin } from '../../../src/build/templates/templates-plugin';
import { evaluateModule } from './evaluate-module';
import { appWith } from './fixture';

const CLIENT_TEMPLATES = resolve(__dirname, '../../../src/client/templates.ts');

/** Compiles TypeScript modules (the page's template registry) with swc, as the build does. */
const typescript: Plugin = {
  name: 'test-typescript',
  resolveId(source, importer) {
    if (importer && source.startsWith('.') && importer.endsWith('.ts')) return resolve(importer, '..', `${source}.ts`);
    return null;
  },
  async transform(code, id) {
    if (!id.endsWith('.ts')) return null;
    const out = await transform(code, { filename: id, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } });
    return { code: out.code };
  },
};

/** A page's bundle: the templates module and the real registry, bundled by rollup as one ES module. */
async function bundle(root: string, templatesDir: string, entry: string): Promise<string> {
  const compiled = await compileTemplates(templatesDir, defaultTemplateEngines(), root, { clientModule: CLIENT_TEMPLATES });
  const build = await rollup({
    input: 'entry',
    plugins: [
      { name: 'entry', resolveId: (s) => (s === 'entry' ? '\0entry' : null), load: (id) => (id === '\0entry' ? entry : null) },
      templatesPlugin(compiled),
      typescript,
      commonjs(),
    ],
    onwarn(warning) {
      throw new Error(warning.message);
    },
  });
  try {
    return (await build.generate({ format: 'es' })).output[0].code;
  } finally {
    await build.close();
  }
}

describe('a page bundle with templates (rollup, the real registry and runtimes)', () => {
  it('renders templates of every engine with eval and new Function forbidden, as under a strict CSP', async () => {
    const app = appWith({
      'client/templates/chat/message.html': '<li>{{@index}} {{user}}: {{text}}</li>',
      'client/templates/chat/list.hbs': '<ul>{{#each messages}}{{> chat/message}}{{/each}}</ul>',
      'client/templates/badge.pug': 'span.badge= name',
    });
    try {
      const entry = [
        `import ${JSON.stringify(TEMPLATES_MODULE)};`,
        `import { template } from ${JSON.stringify(CLIENT_TEMPLATES)};`,
        'export const render = (path, data) => template(path)(data);',
      ].join('\n');
      const code = await bundle(app.root, app.templates, entry);
      expect(code).not.toMatch(/new\s+Function|\beval\s*\(/);
      const { render } = evaluateModule(code) as { render: (path: string, data: unknown) => string };
      expect(render('chat/list', { messages: [{ user: 'ada', text: '<hi>' }, { user: 'bob', text: 'yo' }] })).toBe('<ul><li>0 ada: &lt;hi&gt;</li><li>1 bob: yo</li></ul>');
      expect(render('badge', { name: '<b>' })).toBe('<span class="badge">&lt;b&gt;</span>');
      expect(() => render('nope', {})).toThrow('no template "nope"');
    } finally {
      app.remove();
    }
  });

  it('the default engine alone adds a few hundred bytes min+gzip, and the bundle nothing of Handlebars', async () => {
    const app = appWith({ 'client/templates/a.html': '{{#each items}}<li>{{this}}</li>{{/each}}' });
    try {
      const code = await bundle(app.root, app.templates, `import ${JSON.stringify(TEMPLATES_MODULE)};`);
      expect(code).not.toMatch(/handlebars/i);
      const runtime = (await minify(HTML_RUNTIME, { module: true, compress: true, mangle: true })).code;
      expect(gzipSync(runtime, { level: 9 }).length).toBeLessThan(600);
    } finally {
      app.remove();
    }
  });
});

