import Handlebars from 'handlebars';
import { render } from './render-html';

/** Handlebars's own output, prototype access refused quietly (as its default does, minus the warning). */
function handlebars(source: string, data: unknown, partials: Readonly<Record<string, string>> = {}): string {
  const hb = Handlebars.create();
  for (const [name, partial] of Object.entries(partials)) hb.registerPartial(name, partial);
  return hb.compile(source)(data, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
}

interface Case {
  readonly template: string;
  readonly data?: unknown;
  readonly partials?: Record<string, string>;
}

/** `[1, <hole>, 3]`. */
function sparse(): unknown[] {
  const a: unknown[] = [1];
  a[2] = 3;
  return a;
}

const SPECIAL = `& < > " ' \` = and é ✓ </script>`;

/** Every construct of the language, with data that exercises its edges. */
const corpus: Record<string, Case> = {
  'escapes & < > " \' ` =': { template: '<p title="{{v}}">{{v}}</p>', data: { v: SPECIAL } },
  'raw with three braces and &': { template: '{{{v}}}|{{& v}}|{{{ v }}}', data: { v: SPECIAL } },
  'escapes inside raw-looking values': { template: '{{v}}', data: { v: '&amp; already' } },
  comments: { template: 'a{{! one }}b{{!-- has }} inside --}}c{{!--}}d', data: {} },
  'missing values render empty': { template: '[{{a}}|{{a.b.c}}|{{{a.b}}}|{{n}}|{{n.x}}|{{u}}]', data: { n: null, u: undefined } },
  'numbers and booleans as Handlebars stringifies them': {
    template: '{{zero}} {{float}} {{neg}} {{f}} {{t}} {{nan}} {{{f}}} {{{zero}}} {{big}}',
    data: { zero: 0, float: 1.5, neg: -0, f: false, t: true, nan: NaN, big: 1e21 },
  },
  'arrays and objects stringified': { template: '{{arr}} {{{arr}}} {{obj}} {{nested}}', data: { arr: [1, '<b>', null], obj: { a: 1 }, nested: [[1, 2], [3]] } },
  'dotted and slashed paths': { template: '{{a.b.c}} {{a/b/c}} {{this.a.b.c}} {{./a.b.c}} {{a.b.[c]}}', data: { a: { b: { c: 'deep' } } } },
  'literal segments': { template: '{{[weird key]}} {{list.[0]}} {{list.[1].name}} {{[a.b]}}', data: { 'weird key': 'w', list: ['zero', { name: 'one' }], 'a.b': 'dot' } },
  'length of strings and arrays': { template: '{{s.length}} {{a.length}}', data: { s: 'abcd', a: [1, 2, 3] } },
  'inherited properties are refused': { template: '[{{toString}}|{{constructor}}|{{a.hasOwnProperty}}|{{s.charAt}}|{{__proto__}}]', data: { a: {}, s: 'x' } },
  'own properties named like inherited ones are read': { template: '{{constructor}} {{toString}}', data: { constructor: 'c', toString: 't' } },
  'this at the top': { template: '{{this}}|{{.}}', data: 'top <level>' },
  'if with every kind of value': {
    template: ['zero', 'one', 'empty', 'str', 'arr0', 'arr1', 'obj0', 'nul', 'missing', 'fal', 'nan'].map((k) => `{{#if ${k}}}${k}+{{else}}${k}-{{/if}}`).join(' '),
    data: { zero: 0, one: 1, empty: '', str: 'x', arr0: [], arr1: [0], obj0: {}, nul: null, fal: false, nan: NaN },
  },
  'if without else, nested': { template: '{{#if a}}A{{#if b}}B{{/if}}{{/if}}.', data: { a: true, b: 'yes' } },
  'unless with else': { template: '{{#unless a}}no a{{else}}a{{/unless}} {{#unless b}}no b{{else}}b{{/unless}}', data: { a: 1, b: 0 } },
  'else if chains': {
    template: '{{#each xs}}{{#if a}}A{{else if b}}B{{else unless c}}notC{{else}}other{{/if}};{{/each}}',
    data: { xs: [{ a: 1 }, { b: 1 }, { c: 0 }, { c: 1 }] },
  },
  'each over an array with this and data variables': {
    template: '{{#each items}}[{{@index}} {{@key}} {{@first}} {{@last}} {{this}}]{{/each}}',
    data: { items: ['a', '<b>', 3] },
  },
  'each over an object': { template: '{{#each o}}{{@key}}={{this}}{{#unless @last}}, {{/unless}}{{/each}}', data: { o: { x: 1, y: '<2>', '3': 'three' } } },
  'each else on empty, missing and non-iterable values': {
    template: '{{#each e}}x{{else}}empty{{/each}} {{#each m}}x{{else}}missing{{/each}} {{#each s}}x{{else}}string{{/each}} {{#each z}}x{{else}}zero{{/each}}',
    data: { e: [], s: 'abc', z: 0 },
  },
  'each over a sparse array': { template: '{{#each a}}{{@index}}:{{this}} {{/each}}', data: { a: sparse() } },
  'each over Map and Set': { template: '{{#each m}}{{@index}}={{this}};{{/each}} {{#each s}}{{this}}{{/each}}', data: { m: new Map([['k', 1]]), s: new Set(['a', 'b']) } },
  'each over objects with fields and ../': {
    template: '{{#each users}}<li class="{{../cls}}">{{name}} {{#if admin}}({{../label}}){{/if}}</li>{{/each}}',
    data: { cls: 'user', label: 'admin', users: [{ name: 'Ada', admin: true }, { name: '<Bob>' }] },
  },
  'nested each with ../../, @index and @root': {
    template: '{{#each rows}}{{#each cells}}{{@index}}/{{../id}}/{{../../title}}/{{@root.title}}/{{this}} {{/each}}|{{/each}}',
    data: { title: 'T', rows: [{ id: 'r1', cells: ['a', 'b'] }, { id: 'r2', cells: ['c'] }] },
  },
  'each else keeps the outer context': { template: '{{#each list}}{{this}}{{else}}{{fallback}}{{/each}}', data: { list: [], fallback: 'none' } },
  'each this over nested arrays of primitives': { template: '{{#each m}}<{{#each this}}{{this}}{{@index}}{{/each}}>{{/each}}', data: { m: [['a', 'b'], ['c']] } },
  'data variables in conditions': { template: '{{#each a}}{{#if @first}}first {{/if}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}', data: { a: [1, 2, 3] } },
  'partials with the current context': { template: '<ul>{{#each msgs}}{{> chat/message}}{{/each}}</ul>', data: { msgs: [{ user: 'ada', text: '<hi>' }] }, partials: { 'chat/message': '<li>{{user}}: {{text}}</li>' } },
  'partials with a given context': { template: '{{> card user}}|{{> card missing}}', data: { user: { name: 'Ada' } }, partials: { card: '[{{name}}]' } },
  'partials see @index and @root of the caller': {
    template: '{{#each items}}{{> row}}{{/each}}',
    data: { title: 'T', items: ['a', 'b'] },
    partials: { row: '{{@index}}:{{this}}:{{@root.title}};' },
  },
  'nested partials': { template: '{{> outer}}', data: { x: 'X' }, partials: { outer: '({{> inner}})', inner: '{{x}}' } },
  'standalone lines of blocks, else and comments': {
    template: '<ul>\n  {{#each items}}\n  <li>{{this}}</li>\n  {{else}}\n  <li>none</li>\n  {{/each}}\n  {{! a comment }}\n</ul>\n{{#if a}}\nA\n{{/if}}\n',
    data: { items: [1, 2], a: true },
  },
  'standalone lines with else when empty': { template: '{{#each items}}\n<li>{{this}}</li>\n{{else}}\nnone\n{{/each}}\n', data: { items: [] } },
  'standalone else if lines': { template: '{{#if a}}\nA\n{{else if b}}\nB\n{{else}}\nC\n{{/if}}\n', data: { b: true } },
  'standalone partials are indented': {
    template: '<div>\n  {{> lines}}\n</div>\n',
    data: { a: 1 },
    partials: { lines: 'one {{a}}\n\ntwo\n' },
  },
  'standalone partial without a trailing newline': { template: 'a\n    {{> p}}\nb', data: {}, partials: { p: 'x\ny' } },
  'partials inline are not indented': { template: 'a {{> p}} b', data: {}, partials: { p: 'x\ny' } },
  'whitespace control with ~': { template: 'a  {{~x~}}  b\n{{#if x ~}}\n  c\n  {{~/if}} d {{~! comment ~}} e {{~{x}~}} f', data: { x: 1 } },
  'whitespace control around else': { template: '{{#if a}} yes {{~else~}} no {{/if}}|{{#if b}} yes {{~^~}} no {{/if}}', data: { a: false, b: true } },
  'CRLF line ends': { template: '<ul>\r\n  {{#each items}}\r\n  <li>{{this}}</li>\r\n  {{/each}}\r\n</ul>\r\n', data: { items: [1] } },
  'escaped mustaches': { template: '\\{{x}} \\\\{{x}} \\{{y}} text {{x}}', data: { x: '<1>' } },
  'a template that is only text': { template: 'plain <b>html</b> with \'quotes\' and "doubles" \\ backslash\n', data: {} },
  'an empty template': { template: '', data: {} },
  'names with dashes and dollars': { template: '{{data-id}} {{$x}} {{a_b}}', data: { 'data-id': 'd', $x: 'dollar', a_b: 'u' } },
};

describe('the default template language renders as Handlebars does', () => {
  it.each(Object.entries(corpus))('%s', (_name, { template, data, partials }) => {
    const expected = handlebars(template, data, partials);
    expect(render(template, data, partials)).toBe(expected);
  });

  it('the corpus exercises every construct', () => {
    const all = Object.values(corpus).map((c) => c.template + Object.values(c.partials ?? {}).join('')).join('\n');
    for (const construct of ['{{{', '{{&', '{{!--', '{{#if', '{{else}}', '{{#unless', '{{#each', '{{else if', '@index', '@key', '@first', '@last', '@root', '../', '{{> ', 'this', '{{~', '\\{{']) {
      expect(all).toContain(construct);
    }
  });
});
